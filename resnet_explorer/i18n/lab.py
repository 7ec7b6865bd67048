"""Strings of the lab views."""
# ruff: noqa: E501 (Chinese lines count each character as two columns)

EN: dict[str, str] = {
    "lab_header": "Gradient lab",
    "lab_intro": "Train a real network for a few steps and watch its gradients: every conv layer, every "
                 "block, the shortcut against the residual branch. Twin mode trains the same net without "
                 "shortcuts (or with them, for a plain net) from the same weights on the same batches.",
    "lab_which_net": "Network to train",
    "lab_use_default": "ResNet-56 (widths 8/16/32) with its plain twin, on 16×16 gratings",
    "lab_use_sidebar": "The network from the sidebar",
    "lab_dataset": "Data",
    "lab_data_synthetic": "Synthetic shapes (made here, offline)",
    "lab_data_cifar10": "CIFAR-10 (local binary files)",
    "lab_data_root": "Reads cifar-10-batches-bin from `{root}` on the server (set RESNET_EXPLORER_DATA).",
    "lab_optimizer": "Optimizer",
    "lab_opt_sgd": "SGD, momentum 0.9",
    "lab_opt_adam": "Adam",
    "lab_lr": "Learning rate",
    "lab_warmup": "Warm-up steps",
    "lab_batch": "Batch size",
    "lab_steps": "Steps",
    "lab_seed": "Seed",
    "lab_flip": "Random flips",
    "lab_flip_gratings": "Off for the gratings: a mirrored grating has another orientation, so it would "
                         "be another class.",
    "lab_crop": "Random crops (pad 4)",
    "lab_twin": "Twin run",
    "lab_twin_help": "Also train the twin: the same net without shortcuts (He et al. 2015's plain net), "
                     "same seed, same initial weights where shapes agree, same batches.",
    "lab_adam_hint": "Adam usually wants a learning rate near 0.001.",
    "lab_estimate": "Estimate before starting: about {seconds} and {mib} MiB for {nets} net(s) of depth "
                    "{depth}. This server trains {workers} run(s) at a time, {threads} thread(s) a net.",
    "lab_estimate_shared": "Estimate before starting: about {seconds} and {mib} MiB for {nets} net(s) of "
                           "depth {depth}. Runs train on this set-up's worker processes, {threads} "
                           "thread(s) a net.",
    "lab_too_big": "The sidebar's network is too big to train here ({params} M parameters: about {seconds} "
                   "and {mib} MiB). Choose the default network above (ResNet-56 at widths 8/16/32) to see "
                   "the residual/plain difference within a few minutes at most.",
    "lab_start": "Start training",
    "lab_stop": "Stop",
    "lab_refused": "Run refused before it started ({reasons}): estimated {seconds} and {mib} MiB; this "
                   "server allows {max_seconds} and {max_mib} MiB a run.",
    "lab_over_memory": "too much memory",
    "lab_over_time": "too long",
    "lab_try_default": "Try fewer steps, a smaller batch, or the default ResNet-56 at widths 8/16/32.",
    "lab_queued": "Waiting for a free slot: number {position} in the queue (the run itself takes about "
                  "{eta}).",
    "lab_progress": "Step {done} of {total} · {elapsed} elapsed · about {eta} left",
    "lab_done": "Finished in {seconds}. The results stay here; drag the step slider to look back.",
    "lab_stopped": "Stopped after {done} steps.",
    "lab_cancelled": "Cancelled after {done} steps: nobody was watching this run any more.",
    "lab_diverged": "The run diverged and was stopped: {message}. Try a lower learning rate or more warm-up.",
    "lab_failed": "The run failed: {message}",
    "lab_failed_over_time": "Stopped after {done} steps ({elapsed}): the run went past this server's "
                            "time budget for one run ({budget}), so it was stopped to free its place "
                            "for others.",
    "lab_failed_worker_died": "The training process stopped unexpectedly after {done} steps, so this run "
                              "is lost. Start it again to retry.",
    "lab_failed_lost": "This run is lost: the server or its training process was restarted (or the run "
                       "ended long ago and was forgotten), so its results are gone. Start it again to retry.",
    "lab_bad_run": "The link's run name is not one this app makes (32 letters 0-9 and a-f); it was ignored.",
    "lab_estimate_busy": "The server is busy now ({runs} run(s) training, load average {load} on {cores} "
                         "cores): the estimate assumes an idle machine, so a run takes longer.",
    "lab_net_net": "Trained net",
    "lab_net_twin": "Twin",
    "lab_residual": "residual",
    "lab_plain": "plain",
    "lab_step": "step",
    "lab_step_slider": "Step shown",
    "lab_grad_norm": "gradient L2 norm",
    "lab_layer_depth": "layer (input → output)",
    "lab_block_depth": "block (input → output)",
    "lab_heatmap_title": "weight-gradient norm, layer × step",
    "lab_profile_title": "Gradient norm vs depth at the step shown",
    "lab_loss": "Loss",
    "lab_accuracy": "Accuracy",
    "lab_via_shortcut": "via the shortcut",
    "lab_via_branch": "via the residual branch F",
    "lab_split_title": "gradient reaching each block's input",
    "lab_diagnostics": "What the numbers say (step {step})",
    "lab_dx_vanish": "{net}: per weight, {first}'s gradient is {ratio} of {last}'s: {typical}",
    "lab_dx_explode": "{net}: per weight, {first}'s gradient is {ratio}× {last}'s: {typical}",
    "lab_dx_typical_vanish_plain": "typical of a deep plain net without BatchNorm: the early layers barely "
                                   "learn.",
    "lab_dx_typical_vanish": "the early layers get little gradient.",
    "lab_dx_typical_explode_plain_bn": "typical of a deep plain net with BatchNorm: the gradient grows "
                                       "towards the input.",
    "lab_dx_typical_explode_residual_nobn": "without normalisation every residual block adds to the "
                                            "gradient on its way back (∂L/∂x = ∂L/∂y·(1 + ∂F/∂x)), so it "
                                            "grows towards the input.",
    "lab_dx_typical_explode": "the gradient grows towards the input.",
    "lab_dx_even": "{net}: per weight, {first}'s and {last}'s gradients are within {factor}× of each other: "
                   "the gradient reaches every stage.",
    "lab_dx_zero_grad": "{net}: the weights of {stages} got no gradient at all at step {step}.",
    "lab_dx_zero_init": "{net}: its residual branches start at zero (zero-init last BatchNorm): a BN weight "
                        "of 0 passes no gradient into its branch, so at first only the shortcuts carry the "
                        "signal; gradient reaches the branches once those BN weights have moved away from 0.",
    "lab_dx_tiny": "{net}: the gradients are tiny in every stage (at most {largest} of the weights' norm): "
                   "the weights barely change, which is not healthy. {typical}",
    "lab_dx_typical_tiny_plain": "Typical of a deep plain net without normalisation.",
    "lab_dx_typical_tiny": "The initialisation or the depth keeps the gradient small.",
    "lab_dx_init_loss": "{net}: the loss was already {loss} before the first update (chance is {chance}): "
                        "the initialisation makes the outputs huge; a lower learning rate or more warm-up "
                        "cannot fix that. {cause}",
    "lab_dx_cause_residual_nobn": "Without BatchNorm every residual block adds its branch to the signal, so "
                                  "its variance grows block by block: add BatchNorm, or start the branches "
                                  "at zero (zero-init, as SkipInit and Fixup do).",
    "lab_dx_cause_init": "Look at the initialisation and the scale of the inputs.",
    "lab_dx_split": "{net}: at a typical block the gradient through the shortcut is {ratio}× the one "
                    "through the branch; the shortcut hands the output gradient straight to the input.",
    "lab_dx_update_small": "{net}: updates are {ratio} of the weights a step at learning rate {lr}: very "
                           "small; a higher learning rate (or the end of the warm-up) would learn faster.",
    "lab_dx_update_large": "{net}: updates are {ratio} of the weights a step: very large; a lower learning "
                           "rate or more warm-up would be safer.",
    "lab_dx_twin_loss": "After {steps} steps the trained net's training loss is {loss_net}, the twin's "
                        "{loss_twin} (mean over the last 10% of the steps).",
    "lab_dx_plain_worse": "{plain} (plain) trains worse than {residual} (residual) at the same depth of "
                          "{depth} layers: training loss {loss_plain} against {loss_residual}. The "
                          "shortcuts make the deep net easier to optimise.",
    "lab_dx_degradation": "Degradation (He et al. 2015): the deeper plain {deep} ({deep_depth} layers) has "
                          "a higher training loss than the shallower plain {shallow} ({shallow_depth} "
                          "layers): {loss_deep} against {loss_shallow}. The deeper net could copy the "
                          "shallower one and add identity layers, so this is a difficulty of optimisation, "
                          "not overfitting.",
    "lab_note_twin_zero_init": "Zero-init starts residual branches at zero (their last BatchNorm, or their "
                               "last conv without BatchNorm); a plain net built so would pass no signal, so "
                               "the plain net keeps its own initial weights there. "
                               "All other starting weights are shared where the shapes agree.",
    "lab_diverged_init": "The run was stopped: the loss was already {loss} at the first step, before any "
                         "update. {cause}",
    "lab_acc_batch": "training batch (train mode, before the update)",
    "lab_acc_heldout": "held-out images (eval mode)",
    "lab_acc_line": "{net}: held-out accuracy {held} ({n} images never trained on, eval mode, step {step}); "
                    "training-batch accuracy {batch} (train mode, mean over the last 10% of the steps).",
    "lab_csv": "Download CSV",
    "lab_json": "Download JSON",
    "lab_sweep_header": "Gradient flow at initialisation",
    "lab_sweep_intro": "One backward pass through freshly initialised CIFAR nets of depth 8 to 110: plain, "
                       "residual, and residual with branches that start at zero, with and without "
                       "BatchNorm. No training.",
    "lab_sweep_show": "Show the depth sweep",
    "lab_sweep_computing": "One backward pass through 24 freshly initialised nets…",
    "lab_init": "Initialisation",
    "lab_init_pytorch": "PyTorch default (a hand-built net)",
    "lab_init_kaiming": "Kaiming (He et al. 2015b)",
    "lab_sweep_values": "Values",
    "lab_sweep_stream": "gradient w.r.t. each block's output (RMS per unit)",
    "lab_sweep_signal": "gradient w.r.t. each layer's output (RMS per unit)",
    "lab_sweep_norms": "gradient w.r.t. each layer's weights",
    "lab_sweep_title_stream": "Gradient at each block at initialisation",
    "lab_sweep_title_signal": "Gradient at each layer at initialisation",
    "lab_sweep_title_norms": "Weight gradient of each layer at initialisation",
    "lab_zero_init": "residual, branches start at 0",
    "lab_bn": "BatchNorm",
    "lab_bn_on": "with BatchNorm",
    "lab_bn_off": "without BatchNorm",
    "lab_depth": "Depth",
    "lab_kind": "Net",
    "lab_ratio": "First / last",
    "lab_sweep_reading": "First / last far below 1: the gradient shrinks towards the input (vanishing); far "
                         "above 1: it grows (exploding). At depth {depth}, the range over {seeds} seeds "
                         "(the chart shows seed {seed}): without BatchNorm, plain {nobn_plain}, residual "
                         "{nobn_residual}, residual with branches that start at zero {nobn_zero_init}; with "
                         "BatchNorm, plain {bn_plain}, residual {bn_residual}, branches that start at zero "
                         "{bn_zero_init}. {vanish}“—”: one end gets no gradient at all (a vanished signal, "
                         "or branches that start at zero), and 0/0 is no ratio. {init}",
    "lab_sweep_vanish": "Without BatchNorm a plain net's gradient at the input end is exactly 0 in float32 "
                        "from depth {depth} on. ",
    "lab_sweep_init_pytorch": "PyTorch's default init: uniform, a sixth of Kaiming's variance for a conv "
                              "with as many inputs as outputs (the init of a hand-built net).",
    "lab_sweep_init_kaiming": "Kaiming init (He et al. 2015b, “Delving Deep into Rectifiers”): the "
                              "model's own, which keeps a plain ReLU net's forward signal at constant "
                              "variance.",
    "lab_live_light": "While the run goes, only the curves and the depth profile are drawn, redrawn every "
                      "{every} of training (to spare the computer); the heatmaps and the shortcut/branch "
                      "split appear when it ends.",
    "lab_data_gratings": "Oriented gratings, 16×16 grey (made here, offline)",
    "lab_trains": "This run trains {net} (widths {widths}){twin}. Data: {data}, {classes} classes; {steps} "
                  "steps of batch {batch}.",
    "lab_trains_twin": " and its twin {twin} (the same net {change}; the same initial weights where the "
                       "shapes agree, the same batches)",
    "lab_twin_change_plain": "without shortcuts",
    "lab_twin_change_residual": "with shortcuts",
    "lab_name_residual": "ResNet-{depth}",
    "lab_name_plain": "plain-{depth}",
}

ZH: dict[str, str] = {
    "lab_header": "梯度实验室",
    "lab_intro": "真正训练一个网络若干步，观察它的梯度：每个卷积层、每个残差块，以及捷径与残差分支的对比。双"
                 "胞胎模式用相同的初始权重、相同的批次，同时训练去掉捷径的同一网络（若原网络是普通网络，则加"
                 "上捷径）。",
    "lab_which_net": "要训练的网络",
    "lab_use_default": "ResNet-56（宽度 8/16/32）及其普通对照网络，16×16 定向光栅",
    "lab_use_sidebar": "侧边栏中的网络",
    "lab_dataset": "数据",
    "lab_data_synthetic": "合成图形（本地生成，无需联网）",
    "lab_data_cifar10": "CIFAR-10（本地二进制文件）",
    "lab_data_root": "从服务器上的 `{root}` 读取 cifar-10-batches-bin（由 RESNET_EXPLORER_DATA 设置）。",
    "lab_optimizer": "优化器",
    "lab_opt_sgd": "SGD，动量 0.9",
    "lab_opt_adam": "Adam",
    "lab_lr": "学习率",
    "lab_warmup": "预热步数",
    "lab_batch": "批大小",
    "lab_steps": "步数",
    "lab_seed": "随机种子",
    "lab_flip": "随机翻转",
    "lab_flip_gratings": "对定向光栅不可用：镜像后的光栅方向不同，就成了另一个类别。",
    "lab_crop": "随机裁剪（填充 4 像素）",
    "lab_twin": "对照网络",
    "lab_twin_help": "同时训练对照网络：去掉捷径的同一网络（He 等 2015 的普通网络），相同种子、形状一致处"
                     "相同的初始权重、相同的批次。",
    "lab_adam_hint": "Adam 通常使用 0.001 左右的学习率。",
    "lab_estimate": "开始前的估计：约 {seconds}，{mib} MiB，共 {nets} 个深度为 {depth} 的网络。本服务器同时"
                    "进行 {workers} 次训练，每个网络 {threads} 个线程。",
    "lab_estimate_shared": "开始前的估计：约 {seconds}，{mib} MiB，共 {nets} 个深度为 {depth} 的网络。"
                           "训练在本部署的工作进程中进行，每个网络 {threads} 个线程。",
    "lab_too_big": "侧边栏中的网络太大，无法在此训练（{params} M 参数：约 {seconds}，{mib} MiB）。请在上方选"
                   "择默认网络（宽度 8/16/32 的 ResNet-56），最多几分钟就能看到残差网络与普通网络的差别。",
    "lab_start": "开始训练",
    "lab_stop": "停止",
    "lab_refused": "训练在开始前被拒绝（{reasons}）：估计 {seconds}，{mib} MiB；本服务器每次训练最多允许 "
                   "{max_seconds}，{max_mib} MiB。",
    "lab_over_memory": "内存过多",
    "lab_over_time": "耗时过长",
    "lab_try_default": "请减少步数、减小批大小，或改用默认的宽度 8/16/32 的 ResNet-56。",
    "lab_queued": "正在等待空闲名额：排在队列第 {position} 位（训练本身约需 {eta}）。",
    "lab_progress": "第 {done} / {total} 步 · 已用 {elapsed} · 约剩 {eta}",
    "lab_done": "用时 {seconds} 完成。结果会保留在这里；拖动步数滑块可以回看。",
    "lab_stopped": "已在 {done} 步后停止。",
    "lab_cancelled": "已在 {done} 步后取消：已经没有人在查看这次训练。",
    "lab_diverged": "训练发散，已停止：{message}。请尝试更低的学习率或更多预热步数。",
    "lab_failed": "训练失败：{message}",
    "lab_failed_over_time": "已在 {done} 步后停止（用时 {elapsed}）：这次训练超过了本服务器单次训练的"
                            "时间预算（{budget}），为了把名额让给其他人而被停止。",
    "lab_failed_worker_died": "训练进程在 {done} 步后意外终止，这次训练的结果已丢失。请重新开始。",
    "lab_failed_lost": "这次训练已丢失：服务器或训练进程被重启了（或者训练结束已久、已被清除），"
                       "结果已不在。请重新开始。",
    "lab_bad_run": "链接中的训练名称不是本应用生成的（应为 32 个 0-9 和 a-f 字符），已忽略。",
    "lab_estimate_busy": "服务器现在较忙（{runs} 个训练在进行，{cores} 核上的平均负载为 {load}）："
                         "估计值假定机器空闲，所以训练会更久。",
    "lab_net_net": "训练的网络",
    "lab_net_twin": "对照网络",
    "lab_residual": "残差",
    "lab_plain": "普通",
    "lab_step": "步",
    "lab_step_slider": "显示的步",
    "lab_grad_norm": "梯度 L2 范数",
    "lab_layer_depth": "层（输入 → 输出）",
    "lab_block_depth": "残差块（输入 → 输出）",
    "lab_heatmap_title": "权重梯度范数，层 × 步",
    "lab_profile_title": "所示步的梯度范数随深度的变化",
    "lab_loss": "损失",
    "lab_accuracy": "准确率",
    "lab_via_shortcut": "经由捷径",
    "lab_via_branch": "经由残差分支 F",
    "lab_split_title": "到达各残差块输入的梯度",
    "lab_diagnostics": "数据说明了什么（第 {step} 步）",
    "lab_dx_vanish": "{net}：按每个权重计，{first} 的梯度只有 {last} 的 {ratio}，{typical}",
    "lab_dx_explode": "{net}：按每个权重计，{first} 的梯度是 {last} 的 {ratio} 倍，{typical}",
    "lab_dx_typical_vanish_plain": "这是无 BatchNorm 的深层普通网络的典型表现：前面的层几乎学不到东西。",
    "lab_dx_typical_vanish": "前面的层得到的梯度很少。",
    "lab_dx_typical_explode_plain_bn": "这是带 BatchNorm 的深层普通网络的典型表现：梯度越靠近输入越大。",
    "lab_dx_typical_explode_residual_nobn": "没有归一化时，梯度反向经过每个残差块都会被加大（∂L/∂x = "
                                            "∂L/∂y·(1 + ∂F/∂x)），所以越靠近输入越大。",
    "lab_dx_typical_explode": "梯度越靠近输入越大。",
    "lab_dx_even": "{net}：按每个权重计，{first} 与 {last} 的梯度相差不超过 {factor} 倍：梯度能到达每个阶段"
                   "。",
    "lab_dx_zero_grad": "{net}：第 {step} 步时 {stages} 的权重完全没有得到梯度。",
    "lab_dx_zero_init": "{net}：它的残差分支从零开始（最后一个 BatchNorm 零初始化）：权重为 0 的 BN 不向其分"
                        "支传递梯度，所以起初只有捷径传递信号；等这些 BN 权重离开 0 之后，梯度才会到达分支。",
    "lab_dx_tiny": "{net}：每个阶段的梯度都极小（最多为权重范数的 {largest}）：权重几乎不变，这并不健康。"
                   "{typical}",
    "lab_dx_typical_tiny_plain": "这是无归一化的深层普通网络的典型表现。",
    "lab_dx_typical_tiny": "初始化或深度让梯度保持很小。",
    "lab_dx_init_loss": "{net}：在第一次更新之前损失就已经是 {loss}（随机猜测为 {chance}）：是初始化让输出变"
                        "得巨大，降低学习率或增加预热都无法解决。{cause}",
    "lab_dx_cause_residual_nobn": "没有 BatchNorm 时，每个残差块都把分支加到信号上，方差逐块增大：请加上 "
                                  "BatchNorm，或让分支从零开始（零初始化，SkipInit 和 Fixup 就是这样做的）。",
    "lab_dx_cause_init": "请检查初始化和输入的尺度。",
    "lab_dx_split": "{net}：在典型的残差块中，经由捷径的梯度是经由分支的 {ratio} 倍；捷径把输出梯度直接传给"
                    "输入。",
    "lab_dx_update_small": "{net}：学习率为 {lr} 时，每步更新量只有权重的 {ratio}，非常小；提高学习率（或预"
                           "热结束后）会学得更快。",
    "lab_dx_update_large": "{net}：每步更新量达到权重的 {ratio}，非常大；降低学习率或增加预热更稳妥。",
    "lab_dx_twin_loss": "{steps} 步后，训练的网络训练损失为 {loss_net}，对照网络为 {loss_twin}（最后 10% 步数"
                        "的平均）。",
    "lab_dx_plain_worse": "{plain}（普通）在同样 {depth} 层的深度下比 {residual}（残差）训练得更差：训练损失"
                          " {loss_plain} 对 {loss_residual}。捷径让深层网络更容易优化。",
    "lab_dx_degradation": "退化问题（He 等 2015）：更深的普通网络 {deep}（{deep_depth} 层）的训练损失高于更"
                          "浅的普通网络 {shallow}（{shallow_depth} 层）：{loss_deep} 对 {loss_shallow}。更深"
                          "的网络本可以复制浅网络再加上恒等层，所以这是优化上的困难，而不是过拟合。",
    "lab_note_twin_zero_init": "零初始化让残差分支从零开始（其最后一个 BatchNorm，无 BatchNorm 时为其最后一个卷积）；"
                               "普通网络若这样构建将无法传递信号，所以普通网络在那里保留自己的初始权重。其余形状一致的初始权重都相同。",
    "lab_diverged_init": "训练已停止：在任何更新之前，第一步的损失就已经是 {loss}。{cause}",
    "lab_acc_batch": "训练批次（训练模式，更新之前）",
    "lab_acc_heldout": "留出图像（评估模式）",
    "lab_acc_line": "{net}：留出准确率 {held}（{n} 张从未训练过的图像，评估模式，第 {step} 步）；训练批次准"
                    "确率 {batch}（训练模式，最后 10% 步数的平均）。",
    "lab_csv": "下载 CSV",
    "lab_json": "下载 JSON",
    "lab_sweep_header": "初始化时的梯度流",
    "lab_sweep_intro": "对刚初始化的、深度 8 到 110 的 CIFAR 网络（普通、残差、分支从零开始的残差，有无 "
                       "BatchNorm）各做一次反向传播：不训练。",
    "lab_sweep_show": "显示深度扫描",
    "lab_sweep_computing": "正在对 24 个刚初始化的网络做一次反向传播……",
    "lab_init": "初始化方式",
    "lab_init_pytorch": "PyTorch 默认（手写网络）",
    "lab_init_kaiming": "Kaiming（He 等 2015b）",
    "lab_sweep_values": "数值",
    "lab_sweep_stream": "对各残差块输出的梯度（每个单元的均方根）",
    "lab_sweep_signal": "对各层输出的梯度（每个单元的均方根）",
    "lab_sweep_norms": "对各层权重的梯度",
    "lab_sweep_title_stream": "初始化时每个块处的梯度",
    "lab_sweep_title_signal": "初始化时每层处的梯度",
    "lab_sweep_title_norms": "初始化时每层的权重梯度",
    "lab_zero_init": "残差，分支从 0 开始",
    "lab_bn": "BatchNorm",
    "lab_bn_on": "有 BatchNorm",
    "lab_bn_off": "无 BatchNorm",
    "lab_depth": "深度",
    "lab_kind": "网络",
    "lab_ratio": "第一个 / 最后一个",
    "lab_sweep_reading": "首/末远小于 1：梯度向输入端缩小（消失）；远大于 1：向输入端增大（爆炸）。在深度 {depth}，"
                         "{seeds} 个种子上的范围（图中为种子 {seed}）：无 BatchNorm 时，普通网络 {nobn_plain}，"
                         "残差网络 {nobn_residual}，分支从零开始的残差网络 {nobn_zero_init}；有 BatchNorm 时，"
                         "普通网络 {bn_plain}，残差网络 {bn_residual}，分支从零开始 {bn_zero_init}。{vanish}"
                         "“—”：一端完全没有梯度（信号已消失，或分支从零开始），0/0 不是比值。{init}",
    "lab_sweep_vanish": "无 BatchNorm 时，从深度 {depth} 起，普通网络在输入端的梯度在 float32 中恰好为 0。",
    "lab_sweep_init_pytorch": "PyTorch 默认初始化：均匀分布，对输入输出通道数相同的卷积，方差是 Kaiming 的六分之一"
                              "（手写网络的初始化）。",
    "lab_sweep_init_kaiming": "Kaiming 初始化（He 等 2015b，《Delving Deep into Rectifiers》）：模型自身的初始化，"
                              "使普通 ReLU 网络的前向信号方差保持不变。",
    "lab_live_light": "训练进行时只绘制曲线和深度剖面，每训练 {every} 重绘一次（以节省电脑资源）；热力图和"
                      "捷径/分支对比在训练结束后显示。",
    "lab_data_gratings": "定向光栅，16×16 灰度（本地生成，无需联网）",
    "lab_trains": "本次训练 {net}（宽度 {widths}）{twin}。数据：{data}，{classes} 类；{steps} 步，批大小 "
                  "{batch}。",
    "lab_trains_twin": "及其对照网络 {twin}（同一网络{change}；形状一致处初始权重相同，批次相同）",
    "lab_twin_change_plain": "去掉捷径",
    "lab_twin_change_residual": "加上捷径",
    "lab_name_residual": "ResNet-{depth}",
    "lab_name_plain": "plain-{depth}",
}
