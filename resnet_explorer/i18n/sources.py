"""Strings of the counting-convention lab, the exports and the glossary."""

EN = {
    "glossary": "Glossary (English ↔ 中文)",
    "t1_stem": "{k}×{k}, {c}, stride {s}",
    "t1_maxpool": "{k}×{k} max pool, stride {s}; ",
    "t1_head": "global average pool, fc",
    "kind_conv": "conv",
    "kind_bn": "BN",
    "kind_relu": "ReLU",
    "kind_maxpool": "max-pool",
    "kind_avgpool": "global average pool",
    "kind_fc": "fc",
    "kind_identity": "identity",
    "kind_zero_pad": "zero-pad",
    "kind_add": "add",
    "col_params_pct": "% of params",
    "col_MACs_pct": "% of MACs",
    "col_connected_to": "connected to",
    "download_markdown": "Download the layer table (Markdown)",
    "download_latex": "Download the layer table (LaTeX, booktabs)",
    "download_pytorch": "Download PyTorch code that builds this net (.py)",
    "download_torchinfo": "Download torchinfo's summary (.txt)",
    "tools_title": "What each tool would report for this net",
    "tools_intro": "Every total below is computed from this table's rows under the tool's own rules "
                   "(one image, evaluation mode unless it says training); tests run each tool on the "
                   "built model and get the same number.",
    "tools_col_tool": "Tool",
    "tools_col_call": "Call",
    "tools_col_total": "Total",
    "tools_col_reason": "What it counts",
    "tools_none_count": "None of these tools counts the residual additions or option A's zero "
                        "padding (`x + y`, `F.pad`): fvcore and ptflops' aten backend see them among "
                        "the traced ops and skip them.",
    "tool_reason_paper": "The paper's \"FLOPs\" are multiply-adds of the conv and fc layers: our MACs "
                         "(its Table 1 figures match the bottleneck stride on the first 1×1, as do its "
                         "released models).",
    "tool_reason_torchvision": "Its \"GFLOPS\" are conv and linear multiply-adds without bias: our MACs.",
    "tool_reason_flop_counter": "A multiply and an add each: 2 × MACs; bias, BatchNorm, ReLU and "
                                "pooling are not counted.",
    "tool_reason_fvcore": "MACs, BatchNorm 2 per element, the global average pool 1 per input "
                          "element; no bias, ReLU, max-pool or addition.",
    "tool_reason_fvcore_train": "As above, but in training mode BatchNorm counts 5 per element.",
    "tool_reason_ptflops": "MACs, biases, BatchNorm 2 per element, ReLU and pooling per element, "
                           "counted twice: by the module's hook and again by the functional it calls.",
    "tool_reason_ptflops_modules": "count_functional=False: the same with ReLU and pooling counted once.",
    "tool_reason_ptflops_aten": "Only aten's convolution and matrix ops: MACs plus the bias additions.",
    "tool_reason_thop": "MACs without bias, BatchNorm 4 per element, the global average pool one "
                        "addition per input element and one division per output; ReLU and max-pool 0.",
    "tool_reason_calflops_flops": "2 × MACs, conv bias, BatchNorm 2 per element, ReLU and pooling per "
                                  "input element; the fc bias is left out.",
    "tool_reason_calflops_macs": "Its MACs: conv and linear multiply-accumulates, our MACs.",
    "tool_reason_torchinfo": "MACs, plus each BatchNorm's 2C parameters and each bias (a conv's bias "
                             "once per output element, the fc's once).",
}

ZH = {
    "glossary": "术语表（中文 ↔ English）",
    "t1_stem": "{k}×{k}，{c}，步幅 {s}",
    "t1_maxpool": "{k}×{k} 最大池化，步幅 {s}；",
    "t1_head": "全局平均池化，全连接层",
    "kind_conv": "卷积",
    "kind_bn": "批归一化",
    "kind_relu": "ReLU",
    "kind_maxpool": "最大池化",
    "kind_avgpool": "全局平均池化",
    "kind_fc": "全连接",
    "kind_identity": "恒等",
    "kind_zero_pad": "补零",
    "kind_add": "相加",
    "col_params_pct": "参数量占比",
    "col_MACs_pct": "MACs 占比",
    "col_connected_to": "输入来自",
    "download_markdown": "下载逐层表（Markdown）",
    "download_latex": "下载逐层表（LaTeX，booktabs）",
    "download_pytorch": "下载构建此网络的 PyTorch 代码（.py）",
    "download_torchinfo": "下载 torchinfo 的摘要（.txt）",
    "tools_title": "各工具对本网络会报告的数值",
    "tools_intro": "下表每个总数都由本页的逐层数据按该工具自己的规则算出（单张图像，除注明训练模式外均为"
                   "评估模式）；测试会在构建出的模型上实际运行各工具，得到相同的数。",
    "tools_col_tool": "工具",
    "tools_col_call": "调用",
    "tools_col_total": "总数",
    "tools_col_reason": "计入的运算",
    "tools_none_count": "这些工具都不计残差加法，也不计选项 A 的补零（`x + y`、`F.pad`）："
                        "fvcore 和 ptflops 的 aten 后端在追踪到的运算中看到了它们，但跳过不计。",
    "tool_reason_paper": "论文中的 \"FLOPs\" 是卷积层和全连接层的乘加次数，即本工具的 MACs"
                         "（其表 1 的数字与瓶颈块步幅放在第一个 1×1 卷积上相符，其发布的模型也如此）。",
    "tool_reason_torchvision": "其 \"GFLOPS\" 是不含偏置的卷积与全连接乘加次数，即本工具的 MACs。",
    "tool_reason_flop_counter": "乘法和加法各算一次：2 × MACs；不计偏置、BatchNorm、ReLU 和池化。",
    "tool_reason_fvcore": "MACs，BatchNorm 每个元素 2 次，全局平均池化每个输入元素 1 次；"
                          "不计偏置、ReLU、最大池化和加法。",
    "tool_reason_fvcore_train": "同上，但在训练模式下 BatchNorm 每个元素计 5 次。",
    "tool_reason_ptflops": "MACs、偏置、BatchNorm 每个元素 2 次、ReLU 和池化按元素计，且计了两次："
                           "模块钩子一次，它调用的函数式接口又一次。",
    "tool_reason_ptflops_modules": "count_functional=False：同上，但 ReLU 和池化只计一次。",
    "tool_reason_ptflops_aten": "只计 aten 的卷积与矩阵运算：MACs 加上偏置加法。",
    "tool_reason_thop": "不含偏置的 MACs，BatchNorm 每个元素 4 次，全局平均池化每个输入元素一次加法、"
                        "每个输出一次除法；ReLU 和最大池化计 0。",
    "tool_reason_calflops_flops": "2 × MACs、卷积偏置、BatchNorm 每个元素 2 次、ReLU 和池化按输入元素计；"
                                  "不计全连接层偏置。",
    "tool_reason_calflops_macs": "其 MACs：卷积与全连接的乘加次数，即本工具的 MACs。",
    "tool_reason_torchinfo": "MACs，加上每个 BatchNorm 的 2C 个参数和每个偏置（卷积偏置按输出元素各计一次，"
                             "全连接偏置计一次）。",
}

# (English, 简体中文): the terms as the app's Chinese strings use them, one term for each idea.
GLOSSARY = (
    ("residual block", "残差块"),
    ("residual branch F(x)", "残差分支 F(x)"),
    ("shortcut (skip connection)", "捷径（跳跃连接）"),
    ("identity shortcut", "恒等捷径"),
    ("projection shortcut", "投影捷径"),
    ("zero-padding shortcut (option A)", "补零捷径（选项 A）"),
    ("plain network", "普通网络"),
    ("basic block", "基本块"),
    ("bottleneck block", "瓶颈块"),
    ("pre-activation", "预激活"),
    ("stem (conv1)", "起始层 (conv1)"),
    ("backbone", "主干网络"),
    ("stage", "阶段"),
    ("convolution (conv)", "卷积"),
    ("kernel", "卷积核"),
    ("stride", "步幅"),
    ("padding", "填充"),
    ("channel", "通道"),
    ("grouped convolution", "分组卷积"),
    ("downsampling", "下采样"),
    ("batch normalization (BN)", "批归一化 (BN)"),
    ("running mean / variance", "滑动平均值 / 滑动方差"),
    ("max pooling", "最大池化"),
    ("global average pooling", "全局平均池化"),
    ("fully connected layer (fc)", "全连接层"),
    ("parameters", "参数量"),
    ("buffers", "缓冲区"),
    ("MACs (multiply-accumulates)", "MACs（乘加次数）"),
    ("FLOPs (floating-point operations)", "浮点运算次数 (FLOPs)"),
    ("receptive field", "感受野"),
    ("feature map", "特征图"),
    ("gradient", "梯度"),
    ("batch", "批次"),
    ("batch size", "批大小"),
    ("batch accuracy", "批次准确率"),
    ("learning rate", "学习率"),
    ("width multiplier (Wide ResNet)", "宽度倍数 (Wide ResNet)"),
)

# A source citation in Chinese: the authors and titles stay, the words around them are translated.
_SOURCE_ZH = (
    (r"teaching article \(Keras code\)", "教学文章（Keras 代码）"),
    (r" et al\. ", " 等 "),
    (r", Table (\d+)", r"，表 \1"),
    (r", Fig\. (\d+)", r"，图 \1"),
    (r", section ([\d.]+)", r"，第 \1 节"),
    (r" \(Identity Mappings\)", "（Identity Mappings）"),
    (r" \(Wide ResNet\)", "（Wide ResNet）"),
)


def source_text(source: str, lang: str) -> str:
    """'He et al. 2015, Table 6' -> 'He 等 2015，表 6' in Chinese; unchanged in English."""
    import re

    if lang != "zh":
        return source
    for pattern, replacement in _SOURCE_ZH:
        source = re.sub(pattern, replacement, source)
    return source
