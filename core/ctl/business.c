/* PLACEHOLDER: cxmctl business commands, being written. */
#include "config.h"
