"""The MkDocs plugin of every language build (`connect-help` in mkdocs.yml's plugins):
generated pages, the support staff's link tables, and the site's own translations."""

from mkdocs.plugins import BasePlugin, event_priority

from sitebuild import illustrations, site_catalog, support_page


class ConnectHelpPlugin(BasePlugin):
    # Late, so that generated files join after every other plugin has listed the docs.
    @event_priority(-100)
    def on_files(self, files, config):
        for generated in illustrations.generated_files(config):
            files.append(generated)
        return files

    def on_page_markdown(self, markdown, page, config, files):
        if page.file.src_uri == "support.md":
            return markdown + "\n\n" + support_page.link_tables(config)
        return markdown

    def on_env(self, env, config, files):
        # The theme overrides write {{ _("...") }}: give them this language's catalog.
        env.add_extension("jinja2.ext.i18n")
        env.install_gettext_translations(site_catalog.translations(config["theme"]["language"]), newstyle=True)
        return env
