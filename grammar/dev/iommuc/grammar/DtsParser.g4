/*
 * DTS v1 grammar after dtc-parser.y (reference/dts-language.md §1.3, §1.4). Semantic rules that
 * dtc applies while parsing (reference resolution, "Properties must precede subnodes", value
 * range checks) live in parse.AstBuilder and model.TreeBuilder, not here.
 */
parser grammar DtsParser;

options { tokenVocab = DtsLexer; }

dtsFile      : header+ memreserve* topItem* EOF ;

// the same file parsed a statement at a time (parse.StatementParser): its opening, then each top item
prelude      : header+ memreserve* EOF ;
singleTopItem : topItem EOF ;

header       : DTS_V1 SEMI                                     # versionHeader
             | PLUGIN SEMI                                     # pluginHeader
             ;

memreserve   : LABEL* MEMRESERVE prim prim SEMI ;

topItem      : SLASH nodeBody                                  # rootNode
             | LABEL* ref nodeBody                             # refNode
             | DELETE_NODE ref SEMI                            # deleteTopNode
             | OMIT ref SEMI                                   # omitTopNode
             ;

ref          : REF | PATH_REF ;

nodeBody     : LBRACE nodeItem* RBRACE SEMI ;

nodeItem     : LABEL* NAME (ASSIGN propValue)? SEMI            # propDef
             | LABEL* DELETE_PROP NAME SEMI                    # deleteProp
             | LABEL* (OMIT LABEL*)? NAME nodeBody             # subNode
             | DELETE_NODE NAME SEMI                           # deleteNode
             ;

propValue    : LABEL* piece (LABEL* COMMA LABEL* piece)* LABEL* ;

piece        : STRING                                          # stringPiece
             | (BITS INT)? LT cell* GT                         # arrayPiece
             | LBRACKET (BYTE | LABEL)* RBRACKET               # bytesPiece
             | ref                                             # pathPiece
             | INCBIN LPAREN STRING (COMMA prim COMMA prim)? RPAREN   # incbinPiece
             ;

cell         : prim                                            # valueCell
             | ref                                             # refCell
             | LABEL                                           # labelCell
             ;

prim         : INT                                             # intPrim
             | CHAR_LIT                                        # charPrim
             | LPAREN expr RPAREN                              # parenPrim
             ;

expr         : prim                                            # primExpr
             | (MINUS | TILDE | BANG) expr                     # unaryExpr
             | expr (STAR | SLASH | PERCENT) expr              # mulExpr
             | expr (PLUS | MINUS) expr                        # addExpr
             | expr (LSHIFT | RSHIFT) expr                     # shiftExpr
             | expr (LT | GT | LE | GE) expr                   # relExpr
             | expr (EQ | NE) expr                             # eqExpr
             | expr AMP expr                                   # bitAndExpr
             | expr CARET expr                                 # xorExpr
             | expr PIPE expr                                  # bitOrExpr
             | expr ANDAND expr                                # andExpr
             | expr OROR expr                                  # orExpr
             | <assoc=right> expr QUESTION expr COLON expr     # condExpr
             ;
