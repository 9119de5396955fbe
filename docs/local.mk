# docs: the man pages (made at build time from their sources and the
# program's --help), the JSON schema and the documentation, installed; and
# the shell completions of contrib/completion.

# dockaudit(1): OPTIONS, SYNOPSIS and EXIT STATUS come from --help, so the
# page documents every option the binary has (docs/man/gen-man.sh).
DA_MAN_GEN = $(SHELL) $(srcdir)/%D%/man/gen-man.sh
nodist_man_MANS = %D%/man/dockaudit.1 %D%/man/dockaudit-modules.7
CLEANFILES += $(nodist_man_MANS) %D%/man/*.tmp %D%/man/*.help

%D%/man/dockaudit.1: $(srcdir)/%D%/man/dockaudit.1.in $(srcdir)/%D%/man/gen-man.sh core/dockaudit$(EXEEXT)
	$(AM_V_GEN)$(MKDIR_P) $(@D) && \
	core/dockaudit$(EXEEXT) --help >$@.help && \
	$(DA_MAN_GEN) $(srcdir)/%D%/man/dockaudit.1.in $@.help '$(VERSION)' '$(moduledir)' >$@.tmp && \
	rm -f $@.help && mv -f $@.tmp $@

%D%/man/dockaudit-modules.7: $(srcdir)/%D%/man/dockaudit-modules.7.in $(srcdir)/%D%/man/gen-man.sh $(srcdir)/sdk/dockaudit/module.h
	$(AM_V_GEN)$(MKDIR_P) $(@D) && \
	major=`sed -n 's/^#define DA_ABI_MAJOR \([0-9][0-9]*\).*/\1/p' $(srcdir)/sdk/dockaudit/module.h` && \
	minor=`sed -n 's/^#define DA_ABI_MINOR \([0-9][0-9]*\).*/\1/p' $(srcdir)/sdk/dockaudit/module.h` && \
	$(DA_MAN_GEN) $(srcdir)/%D%/man/dockaudit-modules.7.in /dev/null '$(VERSION)' '$(moduledir)' | \
	sed -e "s/@ABI_MAJOR@/$$major/g" -e "s/@ABI_MINOR@/$$minor/g" >$@.tmp && \
	mv -f $@.tmp $@

# The report's JSON schema and the documentation.
dockauditschemadir = $(pkgdatadir)/schema
dist_dockauditschema_DATA = %D%/schema/dockaudit-report-1.schema.json \
	%D%/schema/dockaudit-fleet-1.schema.json
dist_doc_DATA = README.md \
	%D%/benchmarks.md %D%/checks.md %D%/daemon-config.md %D%/differences.md \
	%D%/failures.md %D%/formats.md %D%/modules.md %D%/probe.md %D%/fleet.md \
	%D%/waivers.md %D%/remote.md %D%/podman.md %D%/rootless.md

# Shell completions: bash-completion's completionsdir (configure
# --with-bash-completion-dir), zsh's site-functions (make
# zshcompletiondir=DIR to change it).
bashcompletiondir = @bashcompletiondir@
dist_bashcompletion_DATA = contrib/completion/bash/dockaudit
zshcompletiondir = $(datadir)/zsh/site-functions
dist_zshcompletion_DATA = contrib/completion/zsh/_dockaudit
