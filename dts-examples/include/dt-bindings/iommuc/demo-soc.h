/* SPDX-License-Identifier: MIT */
/* Stream IDs and interrupt numbers of the iommuc demo SoC (our own invention). */
#ifndef DT_BINDINGS_IOMMUC_DEMO_SOC_H
#define DT_BINDINGS_IOMMUC_DEMO_SOC_H

#define GIC_SPI			0
#define IRQ_TYPE_LEVEL_HIGH	4

#define DEMO_SID(tbu, n)	(((tbu) << 10) | (n))
#define DEMO_SID_GPU		DEMO_SID(0, 0x0)
#define DEMO_SID_DISPLAY	DEMO_SID(1, 0x80)
#define DEMO_SID_USB		DEMO_SID(2, 0x40)
#define DEMO_SID_SDHC		DEMO_SID(2, 0x60)

#endif
