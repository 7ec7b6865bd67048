"""Strings of the lessons ("Start here"): each lesson's text, question, answer and instrument labels."""
# ruff: noqa: E501 (Chinese lines count each character as two columns)

EN: dict[str, str] = {
    "tab_lessons": "Start here",
    "ls_header": "Lessons: why residual learning works",
    "ls_intro": "Each lesson is one scene for a class: read the text, put the question to the room, "
                "let everyone commit to a prediction, then reveal the answer and the measurement.",
    "ls_pick": "Lesson",
    "ls_projector": "Projector mode (large text)",
    "ls_question": "Ask the class first",
    "ls_reveal": "Reveal the answer",
    "ls_hide": "Hide the answer",
    "ls_link": "Link to exactly this scene:",
    "ls_block_title": "1. What a residual block computes",
    "ls_block_text": "A residual block adds its input back to what its layers compute: **y = F(x) + x**. "
                     "The layers (the branch F) only have to learn the *change* to x. Backpropagation "
                     "through the addition gives **∂L/∂x = ∂L/∂y · (1 + ∂F/∂x)**: the 1 is the shortcut, "
                     "which passes the gradient on unchanged whatever F does. Where the block changes "
                     "shape, the shortcut cannot be the identity: option A pads with zero channels, "
                     "option B/C uses a 1×1 projection W, and then y = F(x) + W x.",
    "ls_block_q": "If every weight of the branch F were zero, what would this block output, and what "
                  "gradient would reach its input?",
    "ls_block_a": "The block would pass x straight on (y = x) and the gradient would reach x unchanged "
                  "(∂L/∂x = ∂L/∂y): a deep stack of such blocks starts as a shallow net, and the shortcut "
                  "keeps a path for the gradient however deep the stack. (In the original ResNet a ReLU "
                  "follows the addition; the formula holds at the addition itself.)",
    "ls_block_net": "Blocks of {name}: the first block, and the first block that changes shape.",
    "ls_block_net_first": "A block of {name}: the first block, which is also the first that changes shape.",
    "ls_block_net_same": "A block of {name}: the first block (no block of this network changes shape).",
    "ls_block_plain": "The sidebar's network has no shortcuts (a plain net): y = F(x), and ∂L/∂x = "
                      "∂L/∂y · ∂F/∂x has no 1 to fall back on. Pick a ResNet in the sidebar to see its "
                      "shortcuts.",
    "ls_deg_title": "2. Degradation: deeper plain nets train worse",
    "ls_deg_text": "He et al. 2015 (Fig. 1, Fig. 6) trained plain nets and residual nets of 20 and 56 "
                   "layers the same way. The 56-layer plain net has a *higher training* error than the "
                   "20-layer one: it is not overfitting (that would show on held-out images only), it is "
                   "harder to optimise. The paper calls this the degradation problem; with shortcuts it is "
                   "gone: the 56-layer residual net trains at least as well as the 20-layer one (in the "
                   "paper's full runs, Fig. 6, better). Here: two depths, 20 and 56 layers, each as a plain "
                   "and as a residual net (four nets), at widths 8/16/32, on 16×16 oriented gratings.",
    "ls_deg_q": "plain-56 contains as many layers as plain-20 and 36 more; it could copy plain-20 and "
                "set the rest to identity. After the same training, which has the lower training error: "
                "plain-20 or plain-56? And ResNet-20 or ResNet-56?",
    "ls_deg_a": "plain-56 ends with a higher training error than plain-20 ({plain56} against {plain20}): "
                "the deeper plain net trains worse on its own training images. With shortcuts depth no "
                "longer hurts: ResNet-56 ends at {resnet56} and ResNet-20 at {resnet20}, both far below "
                "plain-56. (In the paper's 64,000-iteration runs, Fig. 6, the deeper residual net ends "
                "lower; in runs as short as these both residual nets reach almost no training error, so "
                "here they tie.) The optimiser does not find the \"copy and identity\" solution for the "
                "plain net; a residual block gets it by setting F to zero.",
    "ls_deg_a_fails": "This run does not show all of the paper's finding: {which}. Its final training errors: "
                      "plain-20 {plain20}, plain-56 {plain56}, ResNet-20 {resnet20}, ResNet-56 {resnet56}. "
                      "The recordings of the shipped seeds show it; a run this short can miss it.",
    "claim_deg_plain_degrades": "plain-56 does not end with a higher training error than plain-20",
    "claim_deg_residual_does_not_degrade": "ResNet-56 ends more than {tol} point above ResNet-20",
    "claim_deg_shortcuts_fix_depth": "ResNet-56 is not {margin} points or more below plain-56",
    "ls_deg_spread": "Over the {n} shipped seeds the final training error is: {items}.",
    "sm_range": "{net} {lo} to {hi}",
    "ls_fair": "Fairness checklist, the same for all four nets: the same {n} training images in the same "
               "order (seed {seed}); SGD with momentum 0.9, batches of {batch}, {steps} steps; the learning "
               "rate rises linearly to {lr} over {warmup} steps, then falls along a cosine to 0; Kaiming "
               "initialisation with seed {seed}; BatchNorm after every conv; no augmentation, no weight "
               "decay. The final training error is measured on all training images in evaluation mode; "
               "the curves are the error on each step's batch (training mode, before the update), "
               "averaged over {window} steps.",
    "ls_recording": "Recording made with `python -m resnet_explorer lesson degradation --seed {seed} --save` "
                    "({steps} steps; the lines are that recording, not a live run; the shaded bands are the "
                    "range over the {seeds} shipped seeds).",
    "ls_no_recording": "No recording of seed {seed} ships with the app: run it live (the shaded bands are the "
                       "{seeds} shipped seeds).",
    "ls_live": "Live run on this server, seed {seed}: {seconds:.0f} s, the four nets trained side by side "
               "where the workers were free (the shaded bands: the {seeds} shipped seeds).",
    "ls_rerun": "Re-run live (about a minute on two cores)",
    "ls_seed": "Seed",
    "ls_step": "Step",
    "ls_train_err": "Training error",
    "ls_err_curve": "Training error (batch error averaged over {window} steps)",
    "ls_final_err": "Final training error (eval mode)",
    "ls_final_loss": "Final training loss (last 10% of steps)",
    "ls_net": "Network",
    "ls_seconds": "Seconds",
    "ls_les_title": "3. Lesion study: delete one block",
    "ls_les_text": "Veit et al. 2016 deleted single blocks from a trained ResNet-110, keeping the shortcut "
                   "(the block outputs its shortcut instead of F(x) + shortcut), and compared with a plain "
                   "VGG net. Here: ResNet-56 (27 blocks) beside plain-20, both trained {steps} steps on "
                   "oriented gratings with the same recipe, then each block deleted in turn and the net "
                   "scored on {n} held-out images. A plain block that changes shape cannot be deleted "
                   "(nothing would carry its input on).",
    "ls_les_q": "Delete one block from the middle of a trained network. How much held-out accuracy does "
                "the residual net lose? And the plain net?",
    "ls_les_a": "The residual net hardly notices: over {res}'s {blocks} blocks that keep their shape, the "
                "median drop is {res_drop} points ({costly} of them cost more than {tol} points; the "
                "costliest, {worst_block}, {worst}). The plain net collapses: {plain} loses a median "
                "{plain_drop} points, though it had learned the task ({plain_acc} held-out accuracy). Veit "
                "et al. read this as a residual net behaving like an ensemble of many paths of different "
                "lengths: removing one block removes only some of the paths.",
    "ls_les_a_fails": "This run does not show all of Veit et al.'s finding: {which}. Median drops: {res} "
                      "{res_drop} points, {plain} {plain_drop} points (held-out accuracy {res_acc} and "
                      "{plain_acc}).",
    "claim_les_residual_hardly_notices": "the residual net loses a median of {tol} points or more",
    "claim_les_plain_had_learned": "the plain net had not learned the task (held-out accuracy under {trained})",
    "claim_les_plain_collapses": "the plain net loses a median of {min} points or fewer",
    "ls_les_median": "Median drop (points)",
    "ls_les_shipped": "Weights shipped with the app (seed {seed}), made by "
                      "`python -m resnet_explorer lesion --seed {seed} --retrain --save`; the accuracies "
                      "are a recording of the study on them, made by "
                      "`python -m resnet_explorer lesion --seed {seed} --record`.",
    "ls_les_retrain": "Retrain both nets with this seed (about a minute on two cores)",
    "ls_les_none": "nothing deleted",
    "ls_les_block": "Deleted block",
    "ls_les_acc": "Held-out accuracy",
    "ls_les_down": "downsamples",
    "ls_les_cannot": "cannot be deleted",
    "ls_les_missing": "No shipped weights for seed {seed}: retrain them below.",
    "ls_grad_title": "4. Gradient flow at initialisation",
    "ls_grad_text": "One backward pass through freshly initialised CIFAR nets of depth 8 to 110, no "
                    "training, on {seeds} seeds (each chart shows one of them; the numbers are the range "
                    "over all {seeds}, at depth {depth}: the backward signal at the first block over the "
                    "signal at the last, above 1 where it grows towards the input, below 1 where it shrinks). "
                    "Four regimes. (1) No normalisation, PyTorch's default init (a sixth of Kaiming's "
                    "variance): a plain net's gradient vanishes towards the input, to exactly 0 in float32 at "
                    "the first block from depth {p_vanish_depth} on; a residual net's is only "
                    "{p_nobn_residual_shrink} times smaller there. (2) No normalisation, Kaiming init (He et "
                    "al. 2015b): a plain net's signal still shrinks towards the input, {k_nobn_plain_shrink} "
                    "times; a residual net's grows block by block and explodes, {k_nobn_residual} times. "
                    "(3) BatchNorm: a deep plain net's gradient grows towards the input, {k_bn_plain} times "
                    "with Kaiming init and {p_bn_plain} with PyTorch's; a residual net's far less "
                    "({k_bn_residual} and {p_bn_residual} times), though more the deeper it is. (4) Residual "
                    "branches that start at zero (the last BatchNorm's γ set to 0, or without BatchNorm the "
                    "last conv): every block starts as its shortcut, depth no longer changes the signal, and "
                    "first/last is {zero} at every depth from 8 to 110; the branch weights get no gradient "
                    "until their zeroed layer has moved.",
    "ls_grad_q": "A 110-layer plain net with BatchNorm, freshly initialised: does its gradient vanish "
                 "towards the input?",
    "ls_grad_a": "No: with BatchNorm it grows towards the input. At the first block it is {k_bn_plain} "
                 "times the last block's with Kaiming init and {p_bn_plain} times with PyTorch's ({seeds} "
                 "seeds). Vanishing gradients show here only without normalisation under PyTorch's default "
                 "init. He et al. report that their BatchNorm plain nets' gradients did not vanish, and that "
                 "the deeper ones still trained worse: degradation is not a vanishing-gradient problem.",
    "ls_grad_recording": "Recording made with `python -m resnet_explorer lesson gradflow --save` (seeds "
                         "{seeds}, a batch of 8 synthetic images; the curves below are that recording, not a "
                         "live run).",
    "ls_claim_live_ok": "This live run shows what the text says.",
    "ls_claim_live_fails": "This live run does not show everything the text says: {which}.",
    "claim_bn_plain_explodes": "with BatchNorm the deep plain net's gradient does not grow more than 1,000 times towards the input",
    "claim_bn_residual_grows_far_less": "with BatchNorm the residual net's gradient does not grow at least 100 times less than the plain net's",
    "claim_bn_residual_grows_with_depth": "with BatchNorm the residual net's gradient does not grow more at depth 110 than at depth 8",
    "claim_zero_init_same_at_every_depth": "the nets whose branches start at zero do not show the same first/last at every depth (within 1.5 times)",
    "claim_nobn_plain_vanishes": "without BatchNorm the deep plain net's gradient does not reach exactly 0 at the first block",
    "claim_nobn_residual_within_10x": "without BatchNorm the residual net's gradient changes more than 10 times",
    "claim_nobn_plain_shrinks": "without BatchNorm the plain net's gradient does not shrink towards the input",
    "claim_nobn_residual_explodes": "without BatchNorm the residual net's gradient does not grow more than 1,000 times",
    "ls_grad_rerun": "Re-run live (a few seconds on two cores)",
    "ls_grad_live": "Live run on this server: {seconds:.0f} s.",
    "ls_grad_missing": "No recording of this sweep ships with the app (it is made by `python -m "
                       "resnet_explorer lesson gradflow --save`): run it live with the button.",
    "ls_les_live": "Retrained live on this server with seed {seed} ({steps} steps a net): {seconds:.0f} s.",
    "ls_job_queued": "The live run waits for a free worker process: number {position} in line; "
                     "about {eta} once it starts.",
    "ls_job_progress_train": "Live run in a worker process of this server: training {label}; {done} of "
                             "{total} steps done in all · {elapsed} so far, about {eta} left.",
    "ls_job_progress_sweep": "Live run in a worker process of this server: {done} of {total} nets done, "
                             "now {label} · {elapsed} so far, about {eta} left.",
    "ls_job_stop": "Stop the live run",
    "ls_job_stopped": "Live run stopped after {done} of {total}; shown below: the recording.",
    "ls_job_cancelled": "Live run cancelled after {done} of {total}: nobody watched it for a while.",
    "ls_job_failed_worker_died": "The live run's worker process ended unexpectedly after {done} of "
                                 "{total}, so the run is lost; start it again to retry.",
    "ls_job_failed_over_time": "Live run stopped after {elapsed}: this server's time budget for it is "
                               "{budget} (the server is busier than usual); try again later.",
    "ls_job_failed_lost": "This live run is no longer known to the server (it was restarted), so it "
                          "is lost; start it again.",
    "ls_job_failed": "The live run failed: {message}",
    "ls_job_diverged": "The live run diverged and was stopped: {message}",
    "ls_bot_title": "5. Bottleneck economics",
    "ls_bot_text": "A bottleneck block (He et al. 2015, Fig. 5) reduces a wide input with a 1×1 conv, "
                   "runs the 3×3 conv at a quarter of the width, and expands back with a 1×1 conv. The "
                   "paper's like-for-like comparison: a 256-d bottleneck block has about the cost of the "
                   "64-d basic block it replaces in ResNet-34, while its output is 4× wider.",
    "ls_bot_q": "At a width of {w}, which has more weights: a bottleneck block, or a basic block of two "
                "3×3 convs at that width? How does the bottleneck compare with a basic block at a quarter "
                "of the width?",
    "ls_bot_a": "Bottleneck at {w}-d: {b}. Two 3×3 convs at {w}-d: {wide} ({ratio:.1f}× as many). Basic block "
                "at {q}-d: {small}, about the same as the bottleneck. The first comparison is not the "
                "paper's: the paper compares the bottleneck with the {q}-d basic block it replaces.",
    "ls_bot_width": "Block width d",
    "ls_bot_weights": "Conv weights",
    "ls_bot_b": "Bottleneck, {w}-d (1×1, 3×3, 1×1)",
    "ls_bot_wide": "Two 3×3 convs, {w}-d",
    "ls_bot_small": "Basic block, {q}-d (the paper's like-for-like)",
    "ls_bot_chart": "Parameters and MACs against depth (ImageNet ResNets, 224×224)",
    "ls_bot_params": "Parameters",
    "ls_bot_macs": "MACs (multiply-accumulates, one image)",
    "ls_bot_depth": "Depth (weighted layers)",
    "ls_bot_basic": "basic blocks",
    "ls_bot_bottleneck": "bottleneck blocks",
    "ls_bot_current": "current network: {name}",
    "ls_bn_title": "6. BatchNorm in training vs evaluation",
    "ls_bn_text": "In training mode BatchNorm normalises each channel with the mean and variance of the "
                  "current batch and updates running averages of them; in evaluation mode it uses those "
                  "running averages. Below: the trained {net}'s first BatchNorm (bn1) on one batch of "
                  "{n} held-out images, both ways.",
    "ls_bn_q": "Send one image alone through the trained net in training mode, normalised with its own "
               "batch statistics. Does it get the same answer as in evaluation mode?",
    "ls_bn_a": "Not reliably: alone, an image is normalised by its own statistics only, and every "
               "feature that is constant over its pixels is wiped out. Accuracy: evaluation mode {eval}; "
               "training mode, batch of {n}: {batch}; training mode, each image alone: {single}. In "
               "training mode an image's output also depends on the other images in its batch (largest "
               "logit change for the same image in another batch: {shift}; in evaluation mode: {shift0}). "
               "That is why a network is switched to evaluation mode to classify single images.",
    "ls_bn_a_fails": "These nets do not show it all: {which}. Accuracy: evaluation mode {eval}; training "
                     "mode, batch of {n}: {batch}; each image alone: {single}.",
    "claim_bn_eval_mode_classifies": "the net classifies under 90% of the images in evaluation mode",
    "claim_bn_alone_in_train_mode_worse": "an image alone in training mode is not classified clearly worse",
    "claim_bn_eval_mode_ignores_the_batch": "in evaluation mode an image's output changes with its batch",
    "claim_bn_train_mode_depends_on_the_batch": "in training mode an image's output does not change with its batch",
    "ls_bn_channel": "Channel",
    "ls_bn_bmean": "Batch mean",
    "ls_bn_rmean": "Running mean",
    "ls_bn_bvar": "Batch variance",
    "ls_bn_rvar": "Running variance",
    "ls_bn_value": "Image 0, channel 0, centre pixel: z = {z:.4f} → {train:.4f} with batch statistics, "
                   "{eval:.4f} with running statistics (γ·(z − mean)/√(var + ε) + β).",
    "ls_resp_title": "7. Layer responses (paper Fig. 7)",
    "ls_resp_text": "He et al. 2015 (Fig. 7) measured the standard deviation of each layer's response (the "
                    "output of its BatchNorm, before the addition and the ReLU) on CIFAR-10. Here: the last "
                    "BatchNorm of each block of the trained ResNet-56 and plain-20 of the lesion lesson, over "
                    "{n} held-out images.",
    "ls_resp_q": "Which net's layers respond more weakly: the residual net's or the plain net's?",
    "ls_resp_a": "The residual net's, by {less}: measured here, the mean std over the blocks is {res} for "
                 "{res_name} against {plain} for {plain_name}. He et al. found residual nets' responses "
                 "generally smaller than plain nets', and smaller in deeper residual nets, which supports "
                 "their idea that residual functions might be generally closer to zero than non-residual "
                 "ones.",
    "ls_resp_a_fails": "Measured here the residual net's responses are not the smaller: the mean std over the "
                       "blocks is {res} for {res_name} against {plain} for {plain_name}. He et al. found "
                       "residual nets' responses generally smaller than plain nets'.",
    "ls_resp_std": "Std of the block's last BN output",
}

ZH: dict[str, str] = {
    "tab_lessons": "从这里开始",
    "ls_header": "课程：残差学习为什么有效",
    "ls_intro": "每节课是课堂上的一个场景：先读说明，把问题抛给全班，让每个人先写下预测，再揭晓答案和实测结果。",
    "ls_pick": "课程",
    "ls_projector": "投影模式（大字号）",
    "ls_question": "先问全班",
    "ls_reveal": "揭晓答案",
    "ls_hide": "隐藏答案",
    "ls_link": "直接打开这个场景的链接：",
    "ls_block_title": "1. 残差块计算什么",
    "ls_block_text": "残差块把输入加回到各层的计算结果上：**y = F(x) + x**。各层（分支 F）只需学习对 x 的"
                     "*改变量*。通过加法反向传播得到 **∂L/∂x = ∂L/∂y · (1 + ∂F/∂x)**：其中的 1 来自捷径，"
                     "无论 F 如何，梯度都原样传下去。在块改变形状的地方，捷径不能是恒等映射：选项 A 补零通道，"
                     "选项 B/C 用 1×1 投影 W，此时 y = F(x) + W x。",
    "ls_block_q": "如果分支 F 的所有权重都为零，这个块输出什么？到达输入的梯度又是什么？",
    "ls_block_a": "块直接把 x 传下去（y = x），梯度原样到达 x（∂L/∂x = ∂L/∂y）：由这样的块堆成的深层网络"
                  "一开始就相当于一个浅层网络，而且无论堆多深，捷径都为梯度保留了一条通路。"
                  "（原始 ResNet 在加法之后还有一个 ReLU；上面的公式在加法处成立。）",
    "ls_block_net": "{name} 的块：第一个块，以及第一个改变形状的块。",
    "ls_block_net_first": "{name} 的一个块：第一个块，它也是第一个改变形状的块。",
    "ls_block_net_same": "{name} 的一个块：第一个块（这个网络没有改变形状的块）。",
    "ls_block_plain": "侧边栏中的网络没有捷径（普通网络）：y = F(x)，∂L/∂x = ∂L/∂y · ∂F/∂x 中没有可以依靠的 1。"
                      "在侧边栏选一个 ResNet 即可看到它的捷径。",
    "ls_deg_title": "2. 退化：更深的普通网络训练得更差",
    "ls_deg_text": "He 等人 2015（图 1、图 6）用同样的方式训练了 20 层和 56 层的普通网络与残差网络。"
                   "56 层普通网络的*训练*误差比 20 层的更高：这不是过拟合（过拟合只会在留出图像上显现），"
                   "而是更难优化。论文称之为退化问题；有了捷径它就消失了：56 层残差网络训练得至少和 20 层的一样好"
                   "（在论文的完整训练中，图 6，更好）。这里：两个深度，20 层和 56 层，各有普通网络和残差网络"
                   "（共四个网络），宽度 8/16/32，在 16×16 的定向光栅上训练。",
    "ls_deg_q": "plain-56 包含 plain-20 的全部层数，还多 36 层；它完全可以复制 plain-20，其余层设为恒等映射。"
                "经过同样的训练，哪个的训练误差更低：plain-20 还是 plain-56？ResNet-20 还是 ResNet-56？",
    "ls_deg_a": "plain-56 的最终训练误差高于 plain-20（{plain56} 对 {plain20}）：更深的普通网络在它自己的"
                "训练图像上训练得更差。有了捷径，深度不再有害：ResNet-56 最终为 {resnet56}，ResNet-20 为 "
                "{resnet20}，都远低于 plain-56。（在论文 64,000 次迭代的训练中，图 6，更深的残差网络最终更低；"
                "在这么短的训练中，两个残差网络的训练误差都几乎为零，所以这里两者持平。）优化器找不到普通网络的"
                "“复制加恒等”解；而残差块只需把 F 置零就能得到它。",
    "ls_deg_a_fails": "这次运行没有显示论文结论的全部：{which}。它的最终训练误差：plain-20 {plain20}，"
                      "plain-56 {plain56}，ResNet-20 {resnet20}，ResNet-56 {resnet56}。附带种子的录制结果"
                      "显示了这一结论；这么短的训练有可能显示不出来。",
    "claim_deg_plain_degrades": "plain-56 的最终训练误差没有高于 plain-20",
    "claim_deg_residual_does_not_degrade": "ResNet-56 比 ResNet-20 高出超过 {tol} 个百分点",
    "claim_deg_shortcuts_fix_depth": "ResNet-56 没有比 plain-56 低 {margin} 个百分点或更多",
    "ls_deg_spread": "在 {n} 个附带种子上，最终训练误差为：{items}。",
    "sm_range": "{net} {lo} 至 {hi}",
    "ls_fair": "公平性清单，四个网络完全相同：同样的 {n} 张训练图像、同样的顺序（种子 {seed}）；"
               "动量 0.9 的 SGD，批大小 {batch}，{steps} 步；学习率在 {warmup} 步内线性升到 {lr}，"
               "然后沿余弦曲线降到 0；种子 {seed} 的 Kaiming 初始化；每个卷积后都有 BatchNorm；"
               "无数据增强，无权重衰减。最终训练误差以评估模式在全部训练图像上测量；曲线是每一步批次上的误差"
               "（训练模式，更新之前），取 {window} 步的平均。",
    "ls_recording": "录制结果，由 `python -m resnet_explorer lesson degradation --seed {seed} --save` 生成"
                    "（{steps} 步；线条是这份录制，不是实时运行；阴影带是 {seeds} 个附带种子的范围）。",
    "ls_no_recording": "应用没有附带种子 {seed} 的录制：请实时运行（阴影带是 {seeds} 个附带种子）。",
    "ls_live": "本服务器上的实时运行，种子 {seed}：{seconds:.0f} 秒，四个网络在空闲的工作进程中并行训练"
               "（阴影带：{seeds} 个附带种子）。",
    "ls_rerun": "实时重新运行（在两个核心上约需一分钟）",
    "ls_seed": "种子",
    "ls_step": "步数",
    "ls_train_err": "训练误差",
    "ls_err_curve": "训练误差（批次误差取 {window} 步平均）",
    "ls_final_err": "最终训练误差（评估模式）",
    "ls_final_loss": "最终训练损失（最后 10% 步的均值）",
    "ls_net": "网络",
    "ls_seconds": "秒",
    "ls_les_title": "3. 损伤实验：删除一个块",
    "ls_les_text": "Veit 等人 2016 从训练好的 ResNet-110 中删除单个块，但保留捷径（块输出捷径，而不是 "
                   "F(x) + 捷径），并与普通的 VGG 网络比较。这里：ResNet-56（27 个块）和 plain-20，用同样的配方"
                   "在定向光栅上训练 {steps} 步，然后依次删除每个块，在 {n} 张留出图像上评分。改变形状的普通块"
                   "无法删除（没有东西能把它的输入传下去）。",
    "ls_les_q": "从训练好的网络中间删除一个块。残差网络的留出准确率会下降多少？普通网络呢？",
    "ls_les_a": "残差网络几乎没有察觉：在 {res} 保持形状的 {blocks} 个块上，准确率下降的中位数为 "
                "{res_drop} 个百分点（其中 {costly} 个块的代价超过 {tol} 个百分点；代价最大的 {worst_block} 为 "
                "{worst}）。普通网络则崩溃了：{plain} 下降的中位数为 {plain_drop} 个百分点，尽管它已经学会了这个"
                "任务（留出准确率 {plain_acc}）。Veit 等人的解读是：残差网络像许多长度不同的路径组成的集成，"
                "删除一个块只去掉了其中一部分路径。",
    "ls_les_a_fails": "这次运行没有显示 Veit 等人结论的全部：{which}。下降中位数：{res} {res_drop} 个百分点，"
                      "{plain} {plain_drop} 个百分点（留出准确率 {res_acc} 和 {plain_acc}）。",
    "claim_les_residual_hardly_notices": "残差网络下降的中位数达到 {tol} 个百分点或更多",
    "claim_les_plain_had_learned": "普通网络没有先学会这个任务（留出准确率低于 {trained}）",
    "claim_les_plain_collapses": "普通网络下降的中位数只有 {min} 个百分点或更少",
    "ls_les_median": "下降中位数（百分点）",
    "ls_les_shipped": "随应用附带的权重（种子 {seed}），由 "
                      "`python -m resnet_explorer lesion --seed {seed} --retrain --save` 生成；"
                      "准确率是在这些权重上做的损伤实验的录制结果，由 "
                      "`python -m resnet_explorer lesion --seed {seed} --record` 生成。",
    "ls_les_retrain": "用这个种子重新训练两个网络（在两个核心上约需一分钟）",
    "ls_les_none": "未删除",
    "ls_les_block": "被删除的块",
    "ls_les_acc": "留出准确率",
    "ls_les_down": "下采样",
    "ls_les_cannot": "无法删除",
    "ls_les_missing": "没有种子 {seed} 的附带权重：请在下面重新训练。",
    "ls_grad_title": "4. 初始化时的梯度流",
    "ls_grad_text": "对刚初始化的、深度 8 到 110 的 CIFAR 网络做一次反向传播，不训练，共 {seeds} 个种子"
                    "（每张图只画其中一个种子；数字是全部 {seeds} 个种子在深度 {depth} 上的范围：第一个块处的反向信号与"
                    "最后一个块处之比，大于 1 表示向输入端增大，小于 1 表示缩小）。四种情形。"
                    "(1) 无归一化，PyTorch 默认初始化（方差是 Kaiming 的六分之一）：普通网络的梯度向输入端消失，"
                    "从深度 {p_vanish_depth} 起第一个块处在 float32 中恰好为 0；残差网络在那里只缩小为 "
                    "{p_nobn_residual_shrink} 分之一。(2) 无归一化，Kaiming 初始化（He 等 2015b）：普通网络的信号"
                    "仍向输入端缩小，缩小为 {k_nobn_plain_shrink} 分之一；残差网络的信号逐块增大并爆炸，达到 "
                    "{k_nobn_residual} 倍。(3) 有 BatchNorm：深层普通网络的梯度向输入端增大，Kaiming 初始化下 "
                    "{k_bn_plain} 倍，PyTorch 默认初始化下 {p_bn_plain} 倍；残差网络增大得少得多（{k_bn_residual} "
                    "倍和 {p_bn_residual} 倍），但越深越大。(4) 残差分支从零开始（最后一个 BatchNorm 的 γ 置零，"
                    "无 BatchNorm 时最后一个卷积置零）：每个块一开始就是它的捷径，深度不再改变信号，从 8 层到 110 层"
                    "首/末之比都是 {zero}；在置零的那一层变化之前，分支的权重得不到梯度。",
    "ls_grad_q": "一个刚初始化的、带 BatchNorm 的 110 层普通网络：它的梯度会向输入端消失吗？",
    "ls_grad_a": "不会：有 BatchNorm 时梯度向输入端增大。第一个块处是最后一个块处的 {k_bn_plain} 倍"
                 "（Kaiming 初始化）和 {p_bn_plain} 倍（PyTorch 默认初始化）（{seeds} 个种子）。这里只有在无归一化"
                 "且用 PyTorch 默认初始化时才出现梯度消失。He 等人报告，他们带 BatchNorm 的普通网络梯度没有消失，"
                 "而更深的网络仍然训练得更差：退化不是梯度消失的问题。",
    "ls_grad_recording": "录制结果，由 `python -m resnet_explorer lesson gradflow --save` 生成（种子 "
                         "{seeds}，一批 8 张合成图像；下面的曲线是这份录制，不是实时运行）。",
    "ls_claim_live_ok": "这次实时运行显示了文中所说的结果。",
    "ls_claim_live_fails": "这次实时运行没有显示文中所说的全部结果：{which}。",
    "claim_bn_plain_explodes": "有 BatchNorm 时，深层普通网络的梯度向输入端增大没有超过 1,000 倍",
    "claim_bn_residual_grows_far_less": "有 BatchNorm 时，残差网络梯度的增大没有比普通网络少至少 100 倍",
    "claim_bn_residual_grows_with_depth": "有 BatchNorm 时，残差网络在深度 110 的梯度增大没有超过深度 8",
    "claim_zero_init_same_at_every_depth": "分支从零开始的网络在各个深度的首/末之比不相同（相差超过 1.5 倍）",
    "claim_nobn_plain_vanishes": "无 BatchNorm 时，深层普通网络第一个块处的梯度没有恰好为 0",
    "claim_nobn_residual_within_10x": "无 BatchNorm 时，残差网络的梯度变化超过 10 倍",
    "claim_nobn_plain_shrinks": "无 BatchNorm 时，普通网络的梯度没有向输入端缩小",
    "claim_nobn_residual_explodes": "无 BatchNorm 时，残差网络的梯度增大没有超过 1,000 倍",
    "ls_grad_rerun": "实时重新运行（在两个核心上约需几秒）",
    "ls_grad_live": "本服务器上的实时运行：{seconds:.0f} 秒。",
    "ls_grad_missing": "应用没有附带这次扫描的录制（由 `python -m resnet_explorer lesson gradflow --save` "
                       "生成）：请用按钮实时运行。",
    "ls_les_live": "在本服务器上用种子 {seed} 实时重新训练（每个网络 {steps} 步）：{seconds:.0f} 秒。",
    "ls_job_queued": "实时运行正在等待空闲的工作进程：排在第 {position} 位；开始后约需 {eta}。",
    "ls_job_progress_train": "实时运行在本服务器的工作进程中：正在训练 {label}；共 {total} 步，已完成 {done} 步 · "
                             "已用 {elapsed}，约剩 {eta}。",
    "ls_job_progress_sweep": "实时运行在本服务器的工作进程中：共 {total} 个网络，已完成 {done} 个，"
                             "正在计算 {label} · 已用 {elapsed}，约剩 {eta}。",
    "ls_job_stop": "停止实时运行",
    "ls_job_stopped": "实时运行完成 {done}/{total} 后停止；下面显示的是录制结果。",
    "ls_job_cancelled": "实时运行完成 {done}/{total} 后被取消：有一段时间没有人观看它。",
    "ls_job_failed_worker_died": "实时运行的工作进程在完成 {done}/{total} 后意外结束，这次运行已丢失；"
                                 "请重新开始。",
    "ls_job_failed_over_time": "实时运行在 {elapsed} 后停止：本服务器给它的时间预算是 {budget}"
                               "（服务器比平时忙）；请稍后再试。",
    "ls_job_failed_lost": "服务器已不再知道这次实时运行（服务器重启过），它已丢失；请重新开始。",
    "ls_job_failed": "实时运行失败：{message}",
    "ls_job_diverged": "实时运行发散，已停止：{message}",
    "ls_bot_title": "5. 瓶颈块的经济账",
    "ls_bot_text": "瓶颈块（He 等人 2015，图 5）先用 1×1 卷积压缩较宽的输入，在四分之一的宽度上做 3×3 卷积，"
                   "再用 1×1 卷积扩展回去。论文的同等比较：一个 256 维的瓶颈块，代价与它在 ResNet-34 中"
                   "所替代的 64 维基本块相当，而输出宽 4 倍。",
    "ls_bot_q": "宽度为 {w} 时，哪个权重更多：一个瓶颈块，还是该宽度下由两个 3×3 卷积组成的基本块？"
                "瓶颈块与宽度为其四分之一的基本块相比又如何？",
    "ls_bot_a": "{w} 维瓶颈块：{b}。{w} 维的两个 3×3 卷积：{wide}（是它的 {ratio:.1f} 倍）。{q} 维基本块：{small}，"
                "与瓶颈块相当。第一个比较不是论文的比较：论文比较的是瓶颈块与它所替代的 {q} 维基本块。",
    "ls_bot_width": "块宽度 d",
    "ls_bot_weights": "卷积权重",
    "ls_bot_b": "瓶颈块，{w} 维（1×1、3×3、1×1）",
    "ls_bot_wide": "两个 3×3 卷积，{w} 维",
    "ls_bot_small": "基本块，{q} 维（论文的同等比较）",
    "ls_bot_chart": "参数量与 MAC 随深度的变化（ImageNet ResNet，224×224）",
    "ls_bot_params": "参数量",
    "ls_bot_macs": "MAC（乘加次数，单张图像）",
    "ls_bot_depth": "深度（带权重的层数）",
    "ls_bot_basic": "基本块",
    "ls_bot_bottleneck": "瓶颈块",
    "ls_bot_current": "当前网络：{name}",
    "ls_bn_title": "6. BatchNorm：训练模式与评估模式",
    "ls_bn_text": "训练模式下，BatchNorm 用当前批次的均值和方差对每个通道做归一化，并更新它们的滑动平均；"
                  "评估模式下使用这些滑动平均。下面：训练好的 {net} 的第一个 BatchNorm（bn1），"
                  "在一批 {n} 张留出图像上，两种方式各算一次。",
    "ls_bn_q": "把一张图像单独送入训练好的网络，用训练模式（用它自己的批统计量归一化）。"
               "它的答案与评估模式相同吗？",
    "ls_bn_a": "并不可靠：单独一张图像只用它自己的统计量归一化，在其所有像素上恒定的特征都会被抹掉。"
               "准确率：评估模式 {eval}；训练模式、批大小 {n}：{batch}；训练模式、每张图像单独：{single}。"
               "训练模式下，一张图像的输出还取决于同批的其他图像（同一张图像换一个批次，logit 的最大变化："
               "{shift}；评估模式下：{shift0}）。所以对单张图像分类时要把网络切换到评估模式。",
    "ls_bn_a_fails": "这些网络没有显示全部结论：{which}。准确率：评估模式 {eval}；训练模式、批大小 {n}："
                     "{batch}；每张图像单独：{single}。",
    "claim_bn_eval_mode_classifies": "评估模式下网络正确分类的图像不到 90%",
    "claim_bn_alone_in_train_mode_worse": "训练模式下单独一张图像的分类并没有明显变差",
    "claim_bn_eval_mode_ignores_the_batch": "评估模式下一张图像的输出随批次而变",
    "claim_bn_train_mode_depends_on_the_batch": "训练模式下一张图像的输出不随批次而变",
    "ls_bn_channel": "通道",
    "ls_bn_bmean": "批均值",
    "ls_bn_rmean": "滑动均值",
    "ls_bn_bvar": "批方差",
    "ls_bn_rvar": "滑动方差",
    "ls_bn_value": "图像 0、通道 0、中心像素：z = {z:.4f} → 用批统计量得 {train:.4f}，"
                   "用滑动统计量得 {eval:.4f}（γ·(z − 均值)/√(方差 + ε) + β）。",
    "ls_resp_title": "7. 层响应（论文图 7）",
    "ls_resp_text": "He 等人 2015（图 7）在 CIFAR-10 上测量了每层响应（其 BatchNorm 的输出，在加法和 ReLU "
                    "之前）的标准差。这里：损伤实验中训练好的 ResNet-56 和 plain-20 每个块的最后一个 BatchNorm，"
                    "在 {n} 张留出图像上测量。",
    "ls_resp_q": "哪个网络的层响应更弱：残差网络还是普通网络？",
    "ls_resp_a": "残差网络的，弱 {less}：这里实测，各块标准差的均值 {res_name} 为 {res}，{plain_name} 为 "
                 "{plain}。He 等人发现残差网络的响应通常比普通网络的小，而且残差网络越深越小，这支持了他们的"
                 "想法：残差函数可能通常比非残差函数更接近零。",
    "ls_resp_a_fails": "这里实测残差网络的响应并不更小：各块标准差的均值 {res_name} 为 {res}，{plain_name} 为 "
                       "{plain}。He 等人发现残差网络的响应通常比普通网络的小。",
    "ls_resp_std": "块最后一个 BN 输出的标准差",
}
