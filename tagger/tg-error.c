/* tg-error.c — the libtagger error domain. */
#include "tg-error.h"

G_DEFINE_QUARK (tg-error-quark, tg_error)
