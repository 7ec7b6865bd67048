"""Strings of the static pages (pages/) and of their download buttons."""

EN: dict[str, str] = {
    "pg_question": "Question:",
    "pg_answer": "Answer",
    "pg_no_dot": "This diagram needs Graphviz's dot program, which was not installed where this page was "
                 "written. Its DOT text follows; any Graphviz viewer draws it.",
    "pg_footer": "Written by ResNet Explorer. Everything on this page is inside this file: it loads "
                 "nothing from the network.",
    "pg_report_title": "{name}: every layer, counted",
    "pg_report_intro": "{name}: input {image}, depth {depth} (weighted layers), {blocks} blocks in {stages} "
                       "stages.",
    "pg_totals": "Totals",
    "pg_quantity": "Quantity",
    "pg_value": "Value",
    "pg_buffers": "Buffers (BatchNorm running statistics)",
    "pg_rows": "{n} rows.",
    "pg_block_plain": "This network ({name}) has no shortcuts (a plain net): y = F(x), and ∂L/∂x = ∂L/∂y · "
                      "∂F/∂x has no 1 to fall back on.",
    "pg_deg_no_recording": "No recording of seed {seed} ships with the app, so this page draws no run of it: "
                           "only the shaded bands, the range over the {seeds} shipped seeds. The app's "
                           "lesson can train this seed live.",
    "pg_grad_choice": "The charts below: initialisation {init}, seed {seed}; the first with BatchNorm, the "
                      "second without.",
    "pg_download": "Download as a page (HTML, opens offline)",
    "pg_download_help": "One HTML file with the texts, the interactive charts and the diagrams inside it; "
                        "it opens from disk with no network.",
}

ZH: dict[str, str] = {
    "pg_question": "问题：",
    "pg_answer": "答案",
    "pg_no_dot": "此图需要 Graphviz 的 dot 程序，而生成本页的机器上没有安装。下面是它的 DOT 文本，任何 "
                 "Graphviz 查看器都能画出来。",
    "pg_footer": "由 ResNet Explorer 生成。本页的全部内容都在这个文件里：它不从网络加载任何东西。",
    "pg_report_title": "{name}：逐层计数",
    "pg_report_intro": "{name}：输入 {image}，深度 {depth}（带权重的层数），{stages} 个阶段共 {blocks} "
                       "个块。",
    "pg_totals": "总计",
    "pg_quantity": "项目",
    "pg_value": "数值",
    "pg_buffers": "缓冲区（BatchNorm 的滑动统计量）",
    "pg_rows": "共 {n} 行。",
    "pg_block_plain": "这个网络（{name}）没有捷径（普通网络）：y = F(x)，∂L/∂x = ∂L/∂y · ∂F/∂x "
                      "中没有可以依靠的 1。",
    "pg_deg_no_recording": "应用没有附带种子 {seed} 的录制，所以本页没有画出它的运行：只有阴影带，即 {seeds} "
                           "个附带种子的范围。应用中的这节课可以实时训练这个种子。",
    "pg_grad_choice": "下面的图：初始化 {init}，种子 {seed}；第一张有 BatchNorm，第二张没有。",
    "pg_download": "下载为网页（HTML，可离线打开）",
    "pg_download_help": "一个 HTML 文件，文字、可交互的图表和结构图都在其中；不联网也能从磁盘打开。",
}
