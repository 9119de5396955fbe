# contrib: the out-of-tree example module and the helper scripts.
EXTRA_DIST += %D%/example-module/example.c %D%/example-module/Makefile
