/* PLACEHOLDER: cxmctl user commands, being written. */
#include "config.h"
