"""The MkDocs plugin of every language build (`connect-help` in mkdocs.yml's plugins):
generated pages, the support staff's link tables, the code checker's markup, and the site's own
translations."""

from mkdocs.config import config_options
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority

from guide.access_code import DEFAULT_CODE_PATTERN
from guide.fund import Fund
from sitebuild import checker_markup, guide_pages, illustrations, site_catalog, support_page


class ConnectHelpPlugin(BasePlugin):
    # Off only to measure what the guide's pages cost the build (bench/site_build.py).
    config_scheme = (("guide_pages", config_options.Type(bool, default=True)),)

    # Late, so that generated files join after every other plugin has listed the docs.
    @event_priority(-100)
    def on_files(self, files, config):
        for generated in illustrations.generated_files(config):
            files.append(generated)
        if self.config["guide_pages"]:
            for generated in guide_pages.generated_files(config, files):
                files.append(generated)
        return files

    def on_page_markdown(self, markdown, page, config, files):
        if page.file.src_uri == "support.md":
            return (markdown.replace("<!-- guide-outcomes -->", support_page.guide_outcome_table(config))
                    .replace("<!-- articles-and-sections -->", support_page.link_tables(config)))
        if page.file.src_uri == "check-code.md":
            if checker_markup.MARKER not in markdown:
                raise PluginError(f"{page.file.src_path} has lost its {checker_markup.MARKER} line")
            fund = config["extra"]["fund"]
            return markdown.replace(checker_markup.MARKER, checker_markup.render_checker(
                config["theme"]["language"], Fund.from_config(fund), fund.get("code_pattern", DEFAULT_CODE_PATTERN), page.url))
        return markdown

    def on_env(self, env, config, files):
        # The theme overrides write {{ _("...") }}: give them this language's catalog.
        env.add_extension("jinja2.ext.i18n")
        env.install_gettext_translations(site_catalog.translations(config["theme"]["language"]), newstyle=True)
        return env
