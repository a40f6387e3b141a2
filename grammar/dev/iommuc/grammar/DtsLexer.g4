/*
 * DTS v1 lexer. dtc's flex lexer is context-dependent (reference/dts-language.md §1.2, §1.10):
 *   DEFAULT ~ dtc's V1 state: integers, operators, strings inside values;
 *   NAME    ~ PROPNODENAME: after '{', ';' and the /delete-…/ /omit-if-no-ref/ keywords one
 *             node/property name such as '#address-cells' or 'spi@0,1' is a single token;
 *   BYTES   ~ BYTESTRING: inside '[ … ]'.
 * Tokens that are valid in every state are repeated per mode (ANTLR modes do not inherit).
 * Line markers and /include/ are handled before lexing (parse.SourceText).
 */
lexer grammar DtsLexer;

channels { COMMENTS }

// ---- DEFAULT (V1) ------------------------------------------------------------------------
WS            : [ \t\r\n\f\u000B]+ -> skip ;
BLOCK_COMMENT : '/*' .*? '*/' -> skip ;
LINE_COMMENT  : '//' ~[\n]* -> skip ;

DTS_V1        : '/dts-v1/' ;
PLUGIN        : '/plugin/' ;
MEMRESERVE    : '/memreserve/' ;
BITS          : '/bits/' ;
DELETE_PROP   : '/delete-property/' -> mode(NAMES) ;
DELETE_NODE   : '/delete-node/' -> mode(NAMES) ;
OMIT          : '/omit-if-no-ref/' -> mode(NAMES) ;
INCBIN        : '/incbin/' ;

LABEL         : LABEL_F ;
REF           : '&' IDENT_F ;
PATH_REF      : '&{' [a-zA-Z0-9,._+*#?@/-]* '}' ;
STRING        : STRING_F ;
CHAR_LIT      : CHAR_F ;

INT           : ( [0-9]+ | '0' [xX] [0-9a-fA-F]+ ) INT_SUFFIX_F? ;
IDENT         : IDENT_F ;     // never valid: dtc's "Unexpected 'X'" (undefined macro, missing #include)

LBRACE        : '{' -> mode(NAMES) ;
SEMI          : ';' -> mode(NAMES) ;
RBRACE        : '}' ;
LBRACKET      : '[' -> mode(BYTES) ;
LSHIFT        : '<<' ;
RSHIFT        : '>>' ;
LE            : '<=' ;
GE            : '>=' ;
EQ            : '==' ;
NE            : '!=' ;
ANDAND        : '&&' ;
OROR          : '||' ;
LT            : '<' ;
GT            : '>' ;
LPAREN        : '(' ;
RPAREN        : ')' ;
COMMA         : ',' ;
ASSIGN        : '=' ;
SLASH         : '/' ;
PLUS          : '+' ;
MINUS         : '-' ;
STAR          : '*' ;
PERCENT       : '%' ;
AMP           : '&' ;
PIPE          : '|' ;
CARET         : '^' ;
TILDE         : '~' ;
BANG          : '!' ;
QUESTION      : '?' ;
COLON         : ':' ;
RBRACKET      : ']' ;
UNTERMINATED_COMMENT : '/*' ( ~'*' | '*'+ ~[*/] )* '*'* EOF ;
UNTERMINATED_STRING  : '"' ( ~["\\] | '\\' . )* EOF ;
ERROR_CHAR    : . ;

// ---- NAME (PROPNODENAME) -----------------------------------------------------------------
// As in dtc, only a name, /dts-v1/, /memreserve/ and /bits/ leave this state; '[' enters BYTES;
// every other token (labels, references, strings, single characters) keeps it.
mode NAMES;
N_WS            : [ \t\r\n\f\u000B]+ -> skip ;
N_BLOCK_COMMENT : '/*' .*? '*/' -> skip ;
N_LINE_COMMENT  : '//' ~[\n]* -> skip ;
N_DTS_V1        : '/dts-v1/' -> type(DTS_V1), mode(DEFAULT_MODE) ;
N_PLUGIN        : '/plugin/' -> type(PLUGIN) ;
N_MEMRESERVE    : '/memreserve/' -> type(MEMRESERVE), mode(DEFAULT_MODE) ;
N_BITS          : '/bits/' -> type(BITS), mode(DEFAULT_MODE) ;
N_DELETE_PROP   : '/delete-property/' -> type(DELETE_PROP) ;
N_DELETE_NODE   : '/delete-node/' -> type(DELETE_NODE) ;
N_OMIT          : '/omit-if-no-ref/' -> type(OMIT) ;
N_LABEL         : LABEL_F -> type(LABEL) ;
N_REF           : '&' IDENT_F -> type(REF) ;
N_PATH_REF      : '&{' [a-zA-Z0-9,._+*#?@/-]* '}' -> type(PATH_REF) ;
N_STRING        : STRING_F -> type(STRING) ;
N_CHAR_LIT      : CHAR_F -> type(CHAR_LIT) ;
NAME            : '\\'? [a-zA-Z0-9,._+*#?@-]+ -> mode(DEFAULT_MODE) ;
N_LBRACE        : '{' -> type(LBRACE) ;
N_SEMI          : ';' -> type(SEMI) ;
N_RBRACE        : '}' -> type(RBRACE) ;
N_LBRACKET      : '[' -> type(LBRACKET), mode(BYTES) ;
N_LSHIFT        : '<<' -> type(LSHIFT) ;
N_RSHIFT        : '>>' -> type(RSHIFT) ;
N_LE            : '<=' -> type(LE) ;
N_GE            : '>=' -> type(GE) ;
N_EQ            : '==' -> type(EQ) ;
N_NE            : '!=' -> type(NE) ;
N_ANDAND        : '&&' -> type(ANDAND) ;
N_OROR          : '||' -> type(OROR) ;
N_SLASH         : '/' -> type(SLASH) ;
N_ASSIGN        : '=' -> type(ASSIGN) ;
N_LT            : '<' -> type(LT) ;
N_GT            : '>' -> type(GT) ;
N_LPAREN        : '(' -> type(LPAREN) ;
N_RPAREN        : ')' -> type(RPAREN) ;
N_COMMA         : ',' -> type(COMMA) ;
N_COLON         : ':' -> type(COLON) ;
N_AMP           : '&' -> type(AMP) ;
N_RBRACKET      : ']' -> type(RBRACKET) ;
N_UNTERMINATED_COMMENT : '/*' ( ~'*' | '*'+ ~[*/] )* '*'* EOF -> type(UNTERMINATED_COMMENT) ;
N_UNTERMINATED_STRING  : '"' ( ~["\\] | '\\' . )* EOF -> type(UNTERMINATED_STRING) ;
N_ERROR_CHAR    : . -> type(ERROR_CHAR) ;

// ---- BYTES (BYTESTRING) ------------------------------------------------------------------
mode BYTES;
B_WS            : [ \t\r\n\f\u000B]+ -> skip ;
B_BLOCK_COMMENT : '/*' .*? '*/' -> skip ;
B_LINE_COMMENT  : '//' ~[\n]* -> skip ;
B_LABEL         : LABEL_F -> type(LABEL) ;
BYTE            : [0-9a-fA-F] [0-9a-fA-F] ;
B_RBRACKET      : ']' -> type(RBRACKET), mode(DEFAULT_MODE) ;
B_LBRACE        : '{' -> type(LBRACE), mode(NAMES) ;
B_SEMI          : ';' -> type(SEMI), mode(NAMES) ;
B_UNTERMINATED_COMMENT : '/*' ( ~'*' | '*'+ ~[*/] )* '*'* EOF -> type(UNTERMINATED_COMMENT) ;
B_ERROR_CHAR    : . -> type(ERROR_CHAR) ;

// ---- shared fragments ------------------------------------------------------------------
fragment IDENT_F      : [a-zA-Z_] [a-zA-Z0-9_]* ;
fragment LABEL_F      : IDENT_F ':' ;
fragment STRING_F     : '"' ( ~["\\] | '\\' . )* '"' ;
fragment CHAR_F       : '\'' ( ~['\\] | '\\' . )* '\'' ;
fragment INT_SUFFIX_F : 'U' | 'L' | 'UL' | 'LL' | 'ULL' ;
