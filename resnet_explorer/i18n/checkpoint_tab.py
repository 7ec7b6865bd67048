"""Strings of the "Your weights" tab (the messages about a file are in checkpoint.py)."""

EN: dict[str, str] = {
    "tab_checkpoint": "Your weights",
    "ck_header": "Bring your own ResNet",
    "ck_intro": ("Upload a trained ResNet's weights: a state_dict as **.safetensors**, or saved with "
                 "torch.save as **.pt / .pth**, at most **{limit} MB** (this server's upload limit). The "
                 "page infers the architecture from the key names and weight shapes (torchvision's, timm's "
                 "ResNet and this app's naming), proves it by loading the file into the inferred net with "
                 "strict=True, and reads the trained weights. Nothing in the file runs: safetensors holds "
                 "only tensors, and .pt files are read only with torch.load(weights_only=True); "
                 "TorchScript archives, pickled modules and ONNX files are refused, with the reason. The "
                 "file stays in this server's memory once, until you remove it or close the page. Sizes: "
                 "the paper's CIFAR nets up to ResNet-110 and the pre-activation 110/164 are at most about "
                 "7 MB; ImageNet nets are larger (ResNet-18 45 MB, ResNet-50 98 MB): above this limit, use "
                 "the command line, python -m resnet_explorer inspect FILE, or a server with a larger one."),
    "ck_upload": "Weights file (.safetensors, .pt, .pth; at most {limit} MB)",
    "ck_upload_help": "Only tensors are read; no code from the file is ever run.",
    "ck_how_to_save": "To save a net's weights in PyTorch:",
    "ck_bad_choice": "Ignored: {message}",
    "ck_loaded": "Loaded with strict=True: all {n} tensors fit the inferred net ({net}).",
    "ck_params": "Parameters",
    "ck_macs": "MACs",
    "ck_macs_help": ("Multiply-accumulates of the convs and the fc for one image at the input size below "
                     "(= FlopCounterMode / 2)."),
    "ck_preset": "Same as preset",
    "ck_no_preset": "none",
    "ck_open_in_app": "Open this net in the app",
    "ck_open_help": ("Sets the sidebar to this net and opens the layer table; the diagrams and exports "
                     "then show it too."),
    "ck_link": "The same net as a link (append to this page's address):",
    "ck_found_header": "What the weights say",
    "ck_found_in": "The state_dict was under the key {key} of the file.",
    "ck_converted": "{n} tensor(s) stored in another float type were converted to float32.",
    "ck_assumed_header": "What the weights cannot say (assumed; change it here)",
    "ck_inside_header": "Inside the trained net",
    "ck_norms_title": "Weight size per layer (RMS: L2 norm / √number of weights)",
    "ck_norms_y": "RMS of the weights",
    "ck_gamma_text": ("BatchNorm multiplies each channel by its gamma. A channel with |gamma| below {off} "
                      "outputs nearly a constant: it is **switched off**. In a post-activation block the "
                      "last BN's gamma scales the residual function F(x) itself; a mean |gamma| below "
                      "{small} (it starts at 1) marks a branch **near zero**: the block passes little more "
                      "than its shortcut (He et al. 2015, Fig. 7: residual functions are generally small)."),
    "ck_off_summary": "Switched off: {n} of {total} BatchNorm channels, in {blocks} block(s).",
    "ck_small_summary": "Branches near zero: {n} ({names}).",
    "ck_small_line": "near zero below {small}",
    "ck_gamma_title": "Mean |gamma| of each residual branch's last BN",
    "ck_gamma_y": "mean |gamma|",
    "ck_preact_gamma": ("In pre-activation blocks the branch ends in a conv, not a BN: no gamma scales "
                        "F(x); the layer responses below measure it directly."),
    "ck_no_bn_inside": "This net has no BatchNorm: there is no gamma to read.",
    "ck_col_block": "Block",
    "ck_col_bns": "BNs",
    "ck_col_channels": "Channels",
    "ck_col_off": "Switched off",
    "ck_col_last": "Branch's last BN mean |gamma|",
    "ck_lessons_header": "The BatchNorm and layer-response lessons on your net",
    "ck_lessons_text": ("Runs your net forward on {n} images made here (no training): BatchNorm in "
                        "training against evaluation mode, and the size of each residual branch's output."),
    "ck_lessons_run": "Run the lessons on this net",
    "ck_lessons_running": "Running your net forward…",
    "ck_lesson_channels": ("The lessons' images have 1 channel (16×16 gratings) or 3 (32×32 synthetic "
                           "shapes); this net takes {channels}."),
    "ck_lesson_no_stem_bn": ("The stem has no BatchNorm (a pre-activation CIFAR net starts with a bare "
                             "conv): the BatchNorm lesson reads the stem's BN."),
    "ck_lesson_bn_failed": ("The BatchNorm lesson needs more than one value per channel in training mode, "
                            "and this net's last maps are 1×1 on these images."),
    "ck_data_gratings": "On {n} of the lessons' 16×16 grey gratings.",
    "ck_data_synthetic": "On {n} synthetic 32×32 shapes (64×64 for an ImageNet stem).",
    "ck_bn_result": ("Image 0's logits change by up to {shift:.4f} when the other images of its batch "
                     "change, in training mode (batch statistics); by {shift0:.2g} in evaluation mode "
                     "(running statistics), over a batch of {n}."),
    "ck_bn_accuracy": ("Accuracy on these images' labels (meaningful only if the net learned this set): "
                       "evaluation mode {eval:.0%}, training mode on the batch {batch:.0%}, each image "
                       "alone {single:.0%}."),
    "ck_bn_channel": "Channel",
    "ck_bn_bmean": "Batch mean",
    "ck_bn_rmean": "Running mean",
    "ck_bn_bvar": "Batch variance",
    "ck_bn_rvar": "Running variance",
    "ck_resp_title": "Std of each block's residual output F(x) (Fig. 7 of He et al. 2015)",
    "ck_resp_std": "std of the branch's last BN (or conv) output",
}

ZH: dict[str, str] = {
    "tab_checkpoint": "你的权重",
    "ck_header": "带上你自己的 ResNet",
    "ck_intro": ("上传训练好的 ResNet 权重：以 **.safetensors** 保存的 state_dict，或用 torch.save 保存的 "
                 "**.pt / .pth**，最大 **{limit} MB**（本服务器的上传上限）。本页根据键名和权重形状推断网络"
                 "结构（torchvision、timm ResNet 和本应用的命名），用 strict=True 把文件加载进推断出的网络"
                 "来证明推断无误，再读出训练后的权重。文件中的任何代码都不会运行：safetensors 只含张量，"
                 ".pt 文件只用 torch.load(weights_only=True) 读取；TorchScript 归档、pickle 保存的模块和 "
                 "ONNX 文件会被拒绝并说明原因。文件在本服务器内存中只存一份，直到你移除它或关闭页面；"
                 "文件大小：论文中直到 ResNet-110 的 CIFAR 网络以及预激活 110/164 最多约 7 MB；ImageNet "
                 "网络更大（ResNet-18 45 MB，ResNet-50 98 MB）：超过此上限时，请使用命令行 "
                 "python -m resnet_explorer inspect FILE，或上限更大的服务器。"),
    "ck_upload": "权重文件（.safetensors、.pt、.pth；最大 {limit} MB）",
    "ck_upload_help": "只读取张量；绝不运行文件中的代码。",
    "ck_how_to_save": "在 PyTorch 中保存网络权重：",
    "ck_bad_choice": "已忽略：{message}",
    "ck_loaded": "已用 strict=True 加载：全部 {n} 个张量都与推断出的网络相符（{net}）。",
    "ck_params": "参数量",
    "ck_macs": "MACs",
    "ck_macs_help": "在下方的输入尺寸下，一张图像的卷积和全连接层乘加次数（= FlopCounterMode / 2）。",
    "ck_preset": "与预设相同",
    "ck_no_preset": "无",
    "ck_open_in_app": "在应用中打开这个网络",
    "ck_open_help": "把侧边栏设为这个网络并打开层表；图示和导出随之显示它。",
    "ck_link": "同一个网络的链接（附加到本页地址之后）：",
    "ck_found_header": "权重告诉我们的",
    "ck_found_in": "state_dict 位于文件的键 {key} 之下。",
    "ck_converted": "{n} 个以其他浮点类型存储的张量已转换为 float32。",
    "ck_assumed_header": "权重无法告诉我们的（已作假设；可在此更改）",
    "ck_inside_header": "训练后网络的内部",
    "ck_norms_title": "每层权重的大小（RMS：L2 范数 / √权重个数）",
    "ck_norms_y": "权重的 RMS",
    "ck_gamma_text": ("BatchNorm 把每个通道乘以它的 gamma。|gamma| 小于 {off} 的通道输出几乎是常数：它被"
                      "**关闭**了。在后激活块中，最后一个 BN 的 gamma 缩放的正是残差函数 F(x)；平均 "
                      "|gamma| 小于 {small}（初始为 1）的分支**接近零**：该块传递的几乎只有捷径（He et al. "
                      "2015，图 7：残差函数通常很小）。"),
    "ck_off_summary": "已关闭：{total} 个 BatchNorm 通道中的 {n} 个，分布在 {blocks} 个块中。",
    "ck_small_summary": "接近零的分支：{n} 个（{names}）。",
    "ck_small_line": "低于 {small} 即接近零",
    "ck_gamma_title": "每个残差分支最后一个 BN 的平均 |gamma|",
    "ck_gamma_y": "平均 |gamma|",
    "ck_preact_gamma": "在预激活块中，分支以卷积而非 BN 结尾：没有 gamma 缩放 F(x)；下方的层响应直接测量它。",
    "ck_no_bn_inside": "这个网络没有 BatchNorm：没有 gamma 可读。",
    "ck_col_block": "块",
    "ck_col_bns": "BN 数",
    "ck_col_channels": "通道数",
    "ck_col_off": "已关闭",
    "ck_col_last": "分支最后一个 BN 的平均 |gamma|",
    "ck_lessons_header": "在你的网络上运行 BatchNorm 与层响应两课",
    "ck_lessons_text": ("在此处生成的 {n} 张图像上前向运行你的网络（不训练）：BatchNorm 的训练模式与评估模"
                        "式对比，以及每个残差分支输出的大小。"),
    "ck_lessons_run": "在这个网络上运行这两课",
    "ck_lessons_running": "正在前向运行你的网络……",
    "ck_lesson_channels": ("这两课的图像是 1 通道（16×16 光栅）或 3 通道（32×32 合成形状）；这个网络的输入"
                           "是 {channels} 通道。"),
    "ck_lesson_no_stem_bn": ("主干没有 BatchNorm（预激活 CIFAR 网络以一个裸卷积开头）：BatchNorm 一课读取的"
                             "是主干的 BN。"),
    "ck_lesson_bn_failed": ("BatchNorm 一课在训练模式下每个通道需要多于一个值，而这个网络在这些图像上最后的"
                            "特征图是 1×1。"),
    "ck_data_gratings": "在 {n} 张这几课所用的 16×16 灰度光栅上。",
    "ck_data_synthetic": "在 {n} 张 32×32 合成形状上（ImageNet 主干为 64×64）。",
    "ck_bn_result": ("在训练模式（批统计量）下，同批其他图像改变时，图像 0 的 logits 最多改变 {shift:.4f}；"
                     "在评估模式（滑动统计量）下改变 {shift0:.2g}，批大小为 {n}。"),
    "ck_bn_accuracy": ("按这些图像的标签计算的准确率（只有网络学过这个数据集才有意义）：评估模式 "
                       "{eval:.0%}，训练模式整批 {batch:.0%}，逐张单独 {single:.0%}。"),
    "ck_bn_channel": "通道",
    "ck_bn_bmean": "批均值",
    "ck_bn_rmean": "滑动均值",
    "ck_bn_bvar": "批方差",
    "ck_bn_rvar": "滑动方差",
    "ck_resp_title": "每个块残差输出 F(x) 的标准差（He et al. 2015 图 7）",
    "ck_resp_std": "分支最后一个 BN（或卷积）输出的标准差",
}
