"""Strings of the one-sentence summaries under the charts (lab/summaries.py, lessons/summaries.py,
checkpoint/summaries.py)."""

EN: dict[str, str] = {
    "sm_deg": "After {steps} steps, final training error (eval mode) and the last point of each curve: "
              "{items}.",
    "sm_deg_item": "{net} {err} (curve {curve})",
    "sm_deg_bands": "No run is drawn, only the shaded bands: the range of each net's training-error curve "
                    "over the {n} shipped seeds; at its last step ({steps}): {items}.",
    "sm_les": "Held-out accuracy of each net whole, and its lowest with one block deleted: {items}.",
    "sm_les_item": "{net} {whole}, lowest {worst} without {block} ({n} blocks deleted in turn)",
    "sm_sep": "; ",
    "sm_comma": ", ",
    "sm_stop": ".",
    # the gradient lab
    "sm_heat": "{net}: at step {step}, the last shown, the weight-gradient norm is {first} in {first_layer} "
               "(the input end) and {last} in {last_layer} (the output end); across the map it runs from "
               "{lo} ({lo_layer}, step {lo_step}) to {hi} ({hi_layer}, step {hi_step}).",
    "sm_heat_none": "{net}: no layer has a finite, non-zero weight gradient in the steps shown (up to step "
                    "{step}).",
    "sm_profile": "Weight-gradient norm at the input end and at the output end: {items}.",
    "sm_profile_item": "{net} at step {step}, {first} in {first_layer} and {last} in {last_layer}",
    "sm_curves": "{items}.",
    "sm_curves_item": "{net} ends at step {step} with a training loss of {loss} and {acc} accuracy on its "
                      "last training batch",
    "sm_curves_heldout": ", {acc} on held-out images (step {step})",
    "sm_split": "{net} at step {step}: in {n} of its {m} blocks with a shortcut, more gradient reaches the "
                "block's input through the shortcut than through the branch; through the shortcuts "
                "{s_lo} to {s_hi}, through the branches {b_lo} to {b_hi}.",
    "sm_split_plain": "{net} at step {step} has no shortcuts: all the gradient reaching a block's input "
                      "comes through its branch, from {b_lo} ({b_lo_block}) to {b_hi} ({b_hi_block}).",
    "sm_split_none": "{net} at step {step}: no block has a finite gradient at its input.",
    "sm_no_ratio": "no ratio (no gradient at one end)",
    "sm_sweep": "Input end ÷ output end of the {what}, {bn}: {items}.",
    "sm_sweep_kind": "{kind}: {points}",
    "sm_sweep_point": "{r} at depth {depth}",
    # the lessons
    "sm_scaling": "{items}.",
    "sm_scaling_family": "{family}: {points}",
    "sm_scaling_point": "{name} (depth {depth}) {params} parameters and {macs} MACs",
    "sm_scaling_current": "the current network, {point}",
    "sm_resp": "Std of each block's response: {items}.",
    "sm_resp_item": "{net} from {lo} ({lo_block}) to {hi} ({hi_block}), mean {mean} over {n} blocks",
    # an uploaded net
    "sm_norms": "RMS weight of the {n} conv and fc layers: smallest {lo} in {lo_layer}, largest {hi} in "
                "{hi_layer}",
    "sm_norms_fc": "; the fc ({name}) has {fc}",
    "sm_gamma": "Mean |γ| of the BN ending each residual branch, over {m} blocks: from {lo} in {lo_block} "
                "to {hi} in {hi_block}; {n} of them below {small}.",
    "sm_ck_net": "The file's net",
}

ZH: dict[str, str] = {
    "sm_deg": "{steps} 步后，各网络的最终训练误差（评估模式）及曲线的最后一点：{items}。",
    "sm_deg_item": "{net} {err}（曲线 {curve}）",
    "sm_deg_bands": "图中没有画出运行，只有阴影带：每个网络的训练误差曲线在 {n} 个附带种子上的范围；"
                    "在其最后一步（第 {steps} 步）：{items}。",
    "sm_les": "各网络完整时的留出准确率，以及删除一个块后的最低值：{items}。",
    "sm_les_item": "{net} {whole}，删除 {block} 后最低 {worst}（依次删除 {n} 个块）",
    "sm_sep": "；",
    "sm_comma": "，",
    "sm_stop": "。",
    "sm_heat": "{net}：在所示的最后一步（第 {step} 步），权重梯度范数在 {first_layer}（输入端）为 {first}，"
               "在 {last_layer}（输出端）为 {last}；整张图中从 {lo}（{lo_layer}，第 {lo_step} 步）到 "
               "{hi}（{hi_layer}，第 {hi_step} 步）。",
    "sm_heat_none": "{net}：在所示各步中（到第 {step} 步为止），没有一层的权重梯度是有限且非零的。",
    "sm_profile": "输入端与输出端的权重梯度范数：{items}。",
    "sm_profile_item": "{net} 在第 {step} 步，{first_layer} 为 {first}，{last_layer} 为 {last}",
    "sm_curves": "{items}。",
    "sm_curves_item": "{net} 在第 {step} 步结束，训练损失为 {loss}，最后一个训练批次上的准确率为 {acc}",
    "sm_curves_heldout": "，留出图像上的准确率为 {acc}（第 {step} 步）",
    "sm_split": "{net} 在第 {step} 步：在 {m} 个有捷径的块中，有 {n} 个块经捷径到达块输入的梯度大于经分支"
                "到达的梯度；经捷径为 {s_lo} 到 {s_hi}，经分支为 {b_lo} 到 {b_hi}。",
    "sm_split_plain": "{net} 在第 {step} 步没有捷径：到达每个块输入的梯度全部经由其分支，从 {b_lo}"
                      "（{b_lo_block}）到 {b_hi}（{b_hi_block}）。",
    "sm_split_none": "{net} 在第 {step} 步：没有一个块的输入梯度是有限的。",
    "sm_no_ratio": "无比值（一端没有梯度）",
    "sm_sweep": "{what}，输入端 ÷ 输出端，{bn}：{items}。",
    "sm_sweep_kind": "{kind}：{points}",
    "sm_sweep_point": "深度 {depth} 为 {r}",
    "sm_scaling": "{items}。",
    "sm_scaling_family": "{family}：{points}",
    "sm_scaling_point": "{name}（深度 {depth}）{params} 个参数、{macs} 次乘加 (MACs)",
    "sm_scaling_current": "当前网络 {point}",
    "sm_resp": "各块响应的标准差：{items}。",
    "sm_resp_item": "{net} 从 {lo}（{lo_block}）到 {hi}（{hi_block}），{n} 个块的平均值为 {mean}",
    "sm_norms": "{n} 个卷积层和全连接层的权重均方根：最小 {lo}（{lo_layer}），最大 {hi}（{hi_layer}）",
    "sm_norms_fc": "；全连接层（{name}）为 {fc}",
    "sm_gamma": "结束各残差分支的 BN 的平均 |γ|，共 {m} 个块：从 {lo}（{lo_block}）到 {hi}（{hi_block}）；"
                "其中 {n} 个低于 {small}。",
    "sm_ck_net": "文件中的网络",
}
