"""Writes a Hugo site equivalent to a shinchoku build: the same number of pages, each with a
table of targets, actuals, rates and results (figures taken from report.json), no charts.

usage: hugo_site.py REPORT_JSON SITE_DIR PAGES
"""
import json
import os
import sys

report_path, site, pages = sys.argv[1], sys.argv[2], int(sys.argv[3])
with open(report_path, encoding="utf-8") as f:
    indicators = json.load(f)["indicators"]

os.makedirs(os.path.join(site, "content", "p"), exist_ok=True)
os.makedirs(os.path.join(site, "layouts", "_default"), exist_ok=True)
with open(os.path.join(site, "hugo.toml"), "w") as f:
    f.write('baseURL = "/"\nlanguageCode = "ja"\ntitle = "bench"\n'
            'disableKinds = ["taxonomy", "term", "RSS", "sitemap", "404", "robotsTXT"]\n')
layout = """<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><main><h1>{{ .Title }}</h1><p>{{ .Params.unit_policies }}</p>
<table><thead><tr><th>年度</th><th>目標</th><th>実績</th><th>達成率</th><th>結果</th></tr></thead><tbody>
{{ range .Params.years }}<tr><th>{{ .year }}</th><td>{{ .target }}</td><td>{{ .actual }}</td><td>{{ .rate }}</td><td>{{ .result }}</td></tr>{{ end }}
</tbody></table>{{ .Content }}</main></body></html>
"""
for name in ("single.html", "list.html"):
    with open(os.path.join(site, "layouts", "_default", name), "w", encoding="utf-8") as f:
        f.write(layout)
# One page per page of ours (minus the home page Hugo makes itself), cycling through the
# indicators for the table figures.
for i in range(max(pages - 1, 1)):
    ind = indicators[i % len(indicators)]
    front = {
        "title": f'{ind["no"]} {ind["name"]}',
        "unit_policies": " ".join(ind["unit_policies"]),
        "years": [{k: ("" if y[k] is None else y[k]) for k in ("year", "target", "actual", "rate", "result")}
                  for y in ind["years"]],
    }
    with open(os.path.join(site, "content", "p", f"{i:06d}.md"), "w", encoding="utf-8") as f:
        f.write(json.dumps(front, ensure_ascii=False))
        f.write("\n\n" + ind["name"] + "の目標と実績。\n")
