"""Strings of "Your weights": opening a file, what the weights say, and why a file is refused."""

EN: dict[str, str] = {
    # refusals (one line each; the CLI prints the English ones)
    "ck_st_short": "Not a safetensors file: {size} bytes, fewer than the 8 that give the header's length.",
    "ck_st_header_cap": ("Refused: the safetensors header claims {n:,} bytes; at most {cap:,} are read "
                         "(ResNet-1202's header is about 0.7 MB)."),
    "ck_st_header_past_end": ("Refused: the safetensors header claims {n:,} bytes but only {left:,} follow "
                              "its length: the file is truncated or not safetensors."),
    "ck_st_json": "Not a valid safetensors header: {why}.",
    "ck_st_entry": "Not a valid safetensors header: tensor {name}: {why}.",
    "ck_st_dtype": "Tensor {name} is stored as {dtype}; only float, integer and bool tensors are read.",
    "ck_st_layout": ("Not a valid safetensors file: tensor {name} starts at byte {begin:,} of the data, "
                     "not at {at:,} (tensors must lie back to back, without gaps or overlaps)."),
    "ck_st_truncated": ("The safetensors file is truncated: its tensors need {need:,} bytes of data, the "
                        "file has {have:,}."),
    "ck_st_trailing": "Not a valid safetensors file: {extra:,} bytes follow the last tensor.",
    "ck_onnx": ("ONNX files are not read: torch's exporter folds BatchNorm into the convs and renames the "
                "weights, so the names, the shapes and the BatchNorm scales this page reads are gone. Save "
                "model.state_dict() with torch.save, or as .safetensors."),
    "ck_suffix": "Files ending in {suffix} are not read: give a .safetensors, .pt or .pth file.",
    "ck_too_big": "The file has {mb:.1f} MB; this limit is {limit:g} MB.",
    "ck_unreadable": "The file cannot be read: {why}.",
    "ck_pt_pickle": ("Refused: a raw pickle (pickle.dump, or torch.save before PyTorch 1.6). Unpickling "
                     "runs code from the file, so only torch.save's zip format is read, and only with "
                     "weights_only=True."),
    "ck_pt_not_zip": "Not a PyTorch file: torch.save writes a zip archive, and this file is none.",
    "ck_pt_bad_zip": "Not a readable PyTorch archive: {why}.",
    "ck_torchscript": ("Refused: a TorchScript archive (torch.jit.save) holds the net's code, and this "
                       "page never runs code from a file. Save model.state_dict() with torch.save instead."),
    "ck_pt_compressed": ("Refused: compressed entries in the archive ({names}); torch.save never "
                         "compresses, and a compressed entry could unpack far beyond the file's size."),
    "ck_pt_objects": ("Refused: the file holds Python objects other than tensors ({what}). Loading them "
                      "would unpickle arbitrary classes, which can run code; a whole saved model "
                      "(torch.save(model)) is such a file. Save model.state_dict() instead."),
    "ck_not_state_dict": "The file holds {what}, not a state_dict (names mapped to tensors).",
    "ck_no_state_dict": ("No state_dict in the file: its top-level keys are {keys}, and none of "
                         "state_dict, model_state_dict, model, net maps names to tensors."),
    "ck_timm_deep_stem": ("timm's deep stem (conv1.0 … conv1.6, three 3x3 convs: ResNet-C/D) is not one of "
                          "this app's stems (one 7x7 or 3x3 conv)."),
    "ck_timm_v2": ("timm's ResNetV2 names (stem.conv, stages.N.blocks.M) are not read; torchvision's, "
                   "timm's ResNet and this app's are."),
    "ck_se": "Squeeze-and-excitation modules (se.*) are not part of the nets this app builds.",
    "ck_avg_down": ("Average-pool projections (ResNet-D: the conv is downsample.1) are not part of the "
                    "nets this app builds."),
    "ck_not_resnet": ("Not a ResNet state_dict: no conv1 stem and layerN.M blocks (the file's first keys: "
                      "{keys})."),
    "ck_stage_names": ("Stages must be named layer1, layer2, … without gaps (at most 6); this file has "
                       "{stages}."),
    "ck_block_names": "The blocks of {stage} must be numbered 0, 1, 2, … without gaps.",
    "ck_missing": "Expected {key} with a {dims}-dimensional weight, and the file has none.",
    "ck_stem_kernel": "The stem conv is {k}; this app's stems are 7x7 (ImageNet) or 3x3 (CIFAR).",
    "ck_no_fc": "No classifier (fc.weight) in the file: a headless backbone is not a net this app builds.",
    "ck_config": "The weights describe a net this app cannot build: {message}",
    "ck_mismatch": ("The net inferred from the names and shapes ({net}) does not take this file with a "
                    "strict load: missing in the file: {missing}; not in the net: {unexpected}; other "
                    "shapes (file ≠ net): {shapes}."),
    "ck_dtype": "Tensor {name} is stored as {dtype}: quantized or non-float weights are not read.",
    "ck_nonfinite": ("{n} tensor(s) hold NaN or infinite values ({names}): a training run that diverged. "
                     "Nothing is shown for such weights."),
    "ck_load": "The strict load failed: {why}.",
    # notes: what was read, assumed, renamed
    "ck_note_prefix": ("Every key began with {prefix}: removed (a wrapper such as DataParallel or "
                       "torch.compile)."),
    "ck_note_rename": "{old} renamed to torchvision's {new}.",
    "ck_found_stem": "conv1 is {k}x{k} with {in} input channel(s) and {c} filters: the {stem} stem.",
    "ck_found_stages": "{block} blocks, {stages} per stage (layerN.M keys).",
    "ck_found_widths": "Stage widths {widths} (block outputs {outs}).",
    "ck_found_shortcut_b": "Projections (downsample.0) exactly where the shape changes: option B.",
    "ck_found_shortcut_c": "A projection in every block: option C.",
    "ck_found_shortcut_mixed": ("Projections in {n} block(s) that option B would not give them: no option "
                                "fits."),
    "ck_found_classes": "fc maps {c} features to {n} classes.",
    "ck_found_groups": "conv2's weight gives {g} group(s) of width per group {wpg} (ResNeXt when above 1).",
    "ck_found_wide": "Inner widths {k} times the paper's: Wide ResNet's k = {k}.",
    "ck_found_preact": "A final_bn before the pool: pre-activation blocks (BN and ReLU before each conv).",
    "ck_found_transition": "Stages 2 on open with a single conv (no conv2): transition layers.",
    "ck_found_bias": "Convs have biases (Keras' default).",
    "ck_found_no_bn": "No BatchNorm anywhere.",
    "ck_assumed_shortcut": ("No projection anywhere: option A (identity, zero-padded where the shape "
                            "changes) and a plain net (no shortcuts) have exactly the same weights. Taken: "
                            "{value}."),
    "ck_assumed_stride": ("Where a bottleneck strides is not in the weights: taken {value} (v1: on the "
                          "first 1x1, the paper and pre-activation code; v1.5: on the 3x3, torchvision and "
                          "timm)."),
    "ck_assumed_input": ("The input size is not in the weights: taken {size}, the usual size for the "
                         "{stem} stem (it changes MACs and shapes, not parameters)."),
    "ck_assumed_preact": ("Without BatchNorm, pre-activation and post-activation blocks have the same "
                          "weights (only where the ReLU sits differs): post-activation taken."),
    "ck_assumed_zero_init": "Zero-init of the last BN is how weights start, not what they are: off.",
}


ZH: dict[str, str] = {
    "ck_st_short": "不是 safetensors 文件：只有 {size} 字节，不足给出头部长度所需的 8 字节。",
    "ck_st_header_cap": ("已拒绝：safetensors 头部声称有 {n:,} 字节；最多读取 {cap:,} 字节（ResNet-1202 的"
                         "头部约 0.7 MB）。"),
    "ck_st_header_past_end": ("已拒绝：safetensors 头部声称有 {n:,} 字节，但长度之后只有 {left:,} 字节：文"
                              "件被截断，或不是 safetensors。"),
    "ck_st_json": "不是有效的 safetensors 头部：{why}。",
    "ck_st_entry": "不是有效的 safetensors 头部：张量 {name}：{why}。",
    "ck_st_dtype": "张量 {name} 以 {dtype} 存储；只读取浮点、整数和布尔张量。",
    "ck_st_layout": ("不是有效的 safetensors 文件：张量 {name} 从数据的第 {begin:,} 字节开始，而不是第 "
                     "{at:,} 字节（张量必须首尾相接，无空隙、无重叠）。"),
    "ck_st_truncated": "safetensors 文件被截断：其张量需要 {need:,} 字节数据，文件只有 {have:,} 字节。",
    "ck_st_trailing": "不是有效的 safetensors 文件：最后一个张量之后还有 {extra:,} 字节。",
    "ck_onnx": ("不读取 ONNX 文件：torch 的导出器把 BatchNorm 折叠进卷积并重命名权重，本页读取的名称、形状"
                "和 BatchNorm 缩放都已不在。请用 torch.save 保存 model.state_dict()，或保存为 "
                ".safetensors。"),
    "ck_suffix": "不读取以 {suffix} 结尾的文件：请提供 .safetensors、.pt 或 .pth 文件。",
    "ck_too_big": "文件大小 {mb:.1f} MB；此处上限为 {limit:g} MB。",
    "ck_unreadable": "无法读取该文件：{why}。",
    "ck_pt_pickle": ("已拒绝：这是原始 pickle（pickle.dump，或 PyTorch 1.6 之前的 torch.save）。反序列化会"
                     "运行文件中的代码，因此只读取 torch.save 的 zip 格式，且只用 weights_only=True。"),
    "ck_pt_not_zip": "不是 PyTorch 文件：torch.save 写出的是 zip 归档，而此文件不是。",
    "ck_pt_bad_zip": "不是可读取的 PyTorch 归档：{why}。",
    "ck_torchscript": ("已拒绝：TorchScript 归档（torch.jit.save）包含网络的代码，而本页从不运行文件中的代"
                       "码。请改用 torch.save 保存 model.state_dict()。"),
    "ck_pt_compressed": ("已拒绝：归档中有压缩条目（{names}）；torch.save 从不压缩，压缩条目解开后可能远大"
                         "于文件本身。"),
    "ck_pt_objects": ("已拒绝：文件中含有张量以外的 Python 对象（{what}）。加载它们需要反序列化任意类，可能"
                      "运行代码；整个保存的模型（torch.save(model)）就是这样的文件。请改为保存 "
                      "model.state_dict()。"),
    "ck_not_state_dict": "文件中是 {what}，而不是 state_dict（名称到张量的映射）。",
    "ck_no_state_dict": ("文件中没有 state_dict：顶层键为 {keys}，其中 state_dict、model_state_dict、"
                         "model、net 都不是名称到张量的映射。"),
    "ck_timm_deep_stem": ("timm 的深层主干（conv1.0 … conv1.6，三个 3x3 卷积：ResNet-C/D）不是本应用的主干"
                          "（一个 7x7 或 3x3 卷积）。"),
    "ck_timm_v2": ("不读取 timm ResNetV2 的命名（stem.conv、stages.N.blocks.M）；读取 torchvision、timm "
                   "ResNet 和本应用的命名。"),
    "ck_se": "挤压-激励模块（se.*）不属于本应用构建的网络。",
    "ck_avg_down": "平均池化投影（ResNet-D：卷积是 downsample.1）不属于本应用构建的网络。",
    "ck_not_resnet": "不是 ResNet 的 state_dict：没有 conv1 主干和 layerN.M 块（文件的前几个键：{keys}）。",
    "ck_stage_names": "各阶段必须依次命名为 layer1、layer2、……，不能有空缺（最多 6 个）；此文件有 {stages}。",
    "ck_block_names": "{stage} 的块必须依次编号为 0、1、2、……，不能有空缺。",
    "ck_missing": "应有 {key}（{dims} 维权重），文件中没有。",
    "ck_stem_kernel": "主干卷积为 {k}；本应用的主干是 7x7（ImageNet）或 3x3（CIFAR）。",
    "ck_no_fc": "文件中没有分类器（fc.weight）：没有头部的骨干网络不是本应用构建的网络。",
    "ck_config": "这些权重描述的网络本应用无法构建：{message}",
    "ck_mismatch": ("由名称和形状推断出的网络（{net}）无法严格加载此文件：文件中缺少：{missing}；网络中没有"
                    "：{unexpected}；形状不同（文件 ≠ 网络）：{shapes}。"),
    "ck_dtype": "张量 {name} 以 {dtype} 存储：不读取量化或非浮点的权重。",
    "ck_nonfinite": "{n} 个张量含有 NaN 或无穷值（{names}）：训练发散了。对这样的权重不作展示。",
    "ck_load": "严格加载失败：{why}。",
    "ck_note_prefix": "每个键都以 {prefix} 开头：已去掉（DataParallel 或 torch.compile 之类的包装）。",
    "ck_note_rename": "{old} 已改名为 torchvision 的 {new}。",
    "ck_found_stem": "conv1 为 {k}x{k}，{in} 个输入通道，{c} 个滤波器：{stem} 主干。",
    "ck_found_stages": "{block} 块，每阶段 {stages} 个（layerN.M 键）。",
    "ck_found_widths": "阶段宽度 {widths}（块输出 {outs}）。",
    "ck_found_shortcut_b": "投影（downsample.0）恰好出现在形状改变处：选项 B。",
    "ck_found_shortcut_c": "每个块都有投影：选项 C。",
    "ck_found_shortcut_mixed": "有 {n} 个块带有选项 B 不会给的投影：没有选项与之相符。",
    "ck_found_classes": "fc 把 {c} 个特征映射到 {n} 个类别。",
    "ck_found_groups": "conv2 的权重给出 {g} 个分组、每组宽度 {wpg}（大于 1 组即 ResNeXt）。",
    "ck_found_wide": "内部宽度是论文的 {k} 倍：Wide ResNet 的 k = {k}。",
    "ck_found_preact": "池化前有 final_bn：预激活块（每个卷积之前是 BN 和 ReLU）。",
    "ck_found_transition": "第 2 阶段起每阶段以单个卷积开头（没有 conv2）：过渡层。",
    "ck_found_bias": "卷积带偏置（Keras 的默认）。",
    "ck_found_no_bn": "没有任何 BatchNorm。",
    "ck_assumed_shortcut": ("没有任何投影：选项 A（恒等，形状改变处补零）与普通网络（没有捷径）的权重完全相"
                            "同。采用：{value}。"),
    "ck_assumed_stride": ("瓶颈块在哪一层步进不在权重里：采用 {value}（v1：第一个 1x1，论文和预激活代码；"
                          "v1.5：3x3，torchvision 和 timm）。"),
    "ck_assumed_input": ("输入尺寸不在权重里：采用 {size}，即 {stem} 主干的常用尺寸（它改变 MACs 和形状，不"
                         "改变参数量）。"),
    "ck_assumed_preact": ("没有 BatchNorm 时，预激活块与后激活块的权重相同（只有 ReLU 的位置不同）：采用后"
                          "激活。"),
    "ck_assumed_zero_init": "最后一个 BN 置零是权重的起点，而不是权重本身：关闭。",
}
