"""The memo's words in Chinese (see :mod:`.words`)."""

from __future__ import annotations

__all__ = ["ZH"]

ZH: dict[str, str] = {
    "title": "建设用地指标交易：从帕累托前沿选定的配置方案",
    "kicker": "paretoland · 政策简报",
    "meta": "运行 {run} · 帕累托点 {point}（共 {n_points} 个）· {date} 由 paretoland "
    "{version} 生成",
    "figure": "图{n}",
    "table": "表{n}",
    "data_link": "数据（CSV）",
    "print_files": "印刷质量版本：figures/{name}.*",
    "given_point": "点{point}由分析人员直接指定，未使用决策方法。",
    "chosen_by": "点{point}由{method}选出",
    "ideal_point": "前沿理想点",
    "reference_point": "参考点（{point}）",
    "s_city_value": "{name}（{value}%）",
    "s_city_change": "{name}{value}%",
    "s_welfare_all_up": "按户籍所在城市计算，所有城市的福利均上升。",
    "s_welfare_split": "按户籍所在城市计算，{n_cities}个城市中有{n_up}个福利上升，{n_down}个"
    "福利下降，后者占户籍人口的{share}%，其中{n_large}个降幅超过{large}%。"
    "降幅最大的是{named}。",
    "s_gdp": "GDP下降的城市有{n_down}个，其中{sellers}个是指标卖方，其产出随让出的土地而减少。"
    "经济总量最大的{count}个城市GDP变化为：{big}（表{counts}、表{table}）。",
    "s_channels": "结果的来源：{sentences}（表{table}）。",
    "m_sample": "样本与论文一致，未包括数据集中{provinces}的{n}个城市，"
    "地图上以斜线表示（无数值）。",
    "imposed": "已施加",
    "not_imposed": "未施加",
    "receipts": "{value}亿元",
    "pv_uniform": "统一价格P*",
    "pv_observed": "观测平均价格",
    "pv_residents": "模型中的常住人口",
    "pv_employment": "城镇单位从业人员",
    "s_tradeoff": "在该方案附近，{objective}每再提高1个百分点，在其他目标不变时，约需{costs}"
    "（表{table}；{how}）。",
    "s_no_tradeoff": "选定方案附近的权衡价格无法确定（表{table}；{how}）。",
    "s_source_exact": "由模型导数计算",
    "s_source_neighbours": "由邻近前沿点估计",
    "h_summary": "内容摘要",
    "h_key": "主要数据",
    "h_who": "谁受益，谁受损",
    "h_channels": "结果的来源",
    "h_allocation": "配置方案：谁卖出，谁买入",
    "h_frontier": "帕累托前沿与方案选择",
    "h_caveats": "注意事项与局限",
    "h_method": "方法、假设与数据",
    "h_appendix": "附录：分省数据",
    "h_files": "文件",
    "t_key": "选定方案与现状及其他方案的比较",
    "t_tradeoffs": "选定方案附近的权衡价格",
    "t_counts": "受益与受损城市数",
    "t_big": "经济总量最大的十个城市",
    "t_channels": "全国结果的渠道分解",
    "t_sellers": "指标卖出最多的城市",
    "t_buyers": "指标买入最多的城市",
    "t_stakeholders": "利益相关方判断所得权重",
    "t_findings": "本模型和数据未能复现的论文结论",
    "t_flags": "构造与插补的数据",
    "t_params": "模型参数",
    "t_provinces": "分省土地、产出、人口、福利与资金",
    "t_farmland": "分省耕地与农民地票收入",
    "f_map_welfare": "各城市福利变化（按户籍所在城市），%",
    "f_ranked_welfare": "福利增减最大的城市（按户籍所在城市）",
    "f_map_gdp": "各城市GDP变化，%",
    "f_ranked_gdp": "GDP增减最大的城市",
    "f_map_land": "各城市建设用地变化，占本市建设用地的%",
    "f_flows": "分省指标卖出与买入及相应资金",
    "f_frontier_gdp": "GDP与产出差距维度的帕累托前沿",
    "f_frontier_welfare": "福利与福利差距维度的帕累托前沿",
    "f_matrix": "四个目标的两两对比",
    "f_parallel": "帕累托前沿的平行坐标图",
    "map_gdp_title": "各城市GDP变化",
    "map_welfare_title": "各城市福利变化（按户籍所在城市）",
    "map_land_title": "各城市建设用地变化",
    "ranked_welfare_title": "福利变化（按户籍所在城市）",
    "ranked_gdp_title": "GDP变化",
    "ranked_unit": "变化，%",
    "c_objective": "目标",
    "c_better": "更优方向",
    "c_higher": "越高越好",
    "c_lower": "越低越好",
    "c_chosen": "选定方案",
    "c_status_quo": "现状",
    "c_uniform": "论文的代表性规则¹",
    "c_best": "单一目标最优²",
    "c_gain": "目标改善1个百分点…",
    "c_costs": "…需让出的{name}（百分点）",
    "c_group": "城市类别",
    "c_cities": "城市数",
    "c_over5": "其中变化超过5%",
    "c_pop_share": "占户籍人口比重（%）",
    "c_city": "城市",
    "c_province": "省份",
    "c_role": "角色",
    "c_land_pct": "建设用地（%）",
    "c_gdp_pct": "GDP（%）",
    "c_pop_pct": "人口（%）",
    "c_welfare_pct": "户籍福利（%）",
    "c_net_receipts": "净收入（亿元）",
    "c_land_sold": "卖出土地（平方公里）",
    "c_land_bought": "买入土地（平方公里）",
    "c_receipts": "收入（亿元）",
    "c_payments": "支出（亿元）",
    "c_outcome": "结果",
    "c_direct_land": "土地直接效应",
    "c_migration": "人口迁移",
    "c_infrastructure": "生产率（TFP）",
    "c_transfers": "资金转移",
    "c_interaction": "交互项",
    "c_total": "合计",
    "c_ahp": "层次分析法",
    "c_entropy": "熵权法",
    "c_combined": "组合权重（采用）",
    "c_finding": "论文结论",
    "c_paper_share": "论文中成立的比例（%）",
    "c_our_share": "本模型中成立的比例（%）",
    "c_column": "数据项",
    "c_flagged": "构造或插补的城市数",
    "c_methods": "方法",
    "c_parameter": "参数",
    "c_value": "取值",
    "c_prod_change": "生产用地（平方公里）",
    "c_res_change": "居住用地（平方公里）",
    "c_reclaimed": "复垦（平方公里）",
    "c_converted": "占用（平方公里）",
    "c_net_farmland": "耕地净变化（平方公里）",
    "c_farmer_income": "农民（亿元）",
    "c_collective_income": "集体（亿元）",
    "welfare_rises": "福利上升",
    "welfare_falls": "福利下降",
    "gdp_rises": "GDP上升",
    "gdp_falls": "GDP下降",
    "seller": "卖方",
    "buyer": "买方",
    "both": "买卖兼有",
    "no_role": "—",
    "n_key": "相对于无交易的2017年校准经济的变化（%）。GDP与福利：正值为改善。"
    "产出差距与福利差距（城市间的{measure}）：负值即差距缩小，为改善。"
    "¹ 论文表3的统一规则：全部省份跨省交易两类用地，等面积分配。"
    "² 各行的最优值分别来自不同的配置方案（单一目标最优，括号内为点的编号），"
    "没有任何方案能同时达到四个最优值。",
    "n_tradeoffs": "在选定方案附近，行所列目标每改善1个百分点、其余两个目标保持不变时，"
    "列所列目标需让出的百分点。由距离最近的{count}个前沿点拟合的切平面估计；"
    "括号内为使用一半和两倍邻近点时的范围。* 不确定：其中某一拟合显示不存在权衡。"
    "“—”：两个目标在此处不存在权衡。",
    "n_tradeoffs_exact": "在选定方案处，行所列目标每改善1个百分点、其余两个目标保持不变时，"
    "列所列目标需让出的百分点：由模型导数计算（帕累托平稳性检验量的权衡权重，"
    "检验量为{certificate}：0表示局部帕累托最优，此时价格精确；数值越大越粗略）。"
    "“—”：两个目标在此处不存在权衡。",
    "cv_tradeoffs_exact": "权衡价格为模型在选定方案处的导数：仅适用于小幅变动，"
    "且只在局部帕累托最优处精确（该方案的检验量为{certificate}，最优处为0）。",
    "n_tradeoffs_missing": "无法估计选定方案附近的权衡价格：{reason}",
    "n_counts": "福利按户籍所在城市计算：即户籍在该市的人口（无论居住在何处）的福利变化。"
    "GDP按生产地计算。人口比重指占户籍人口的比重。",
    "n_big": "2017年GDP最大的十个城市。变化以%计；建设用地变化以占本市建设用地的%计；"
    "净收入为指标交易收入减支出（正值表示该市获得资金）。",
    "n_channels": "各全国结果的百分点。土地直接效应：仅新增土地本身，人口不流动、"
    "生产率不变；人口迁移：劳动力在城市间流动；生产率（TFP）：土地收入用于基础设施；"
    "资金转移：指标交易的收入与支出。一般均衡部分按Shapley值分解；各行之和等于合计。",
    "n_channels_failed": "渠道分解失败：{reason}",
    "n_traders": "土地为建设用地指标面积（平方公里）；资金单位为亿元；GDP与"
    "福利（按户籍所在城市）为变化百分比。",
    "n_provinces": "土地：净变化（平方公里，正值为买入）。变化以%计。"
    "净收入以亿元计（正值表示该省获得资金）。",
    "n_farmland": "复垦：卖出指标地区恢复的耕地；占用：买入指标地区建设占用的耕地"
    "（1:1挂钩）。收入：指标价格扣除复垦成本（每亩3.7万元）后的85%归农民，"
    "其余归集体。",
    "n_findings": "在本次运行的数据与参数下，按论文表2和表3（统一规则）逐格检验各项结论，"
    "各结果均按其自身的改善方向判断。未复现：两者成立比例分处二分之一的两侧"
    "（“部分”：恰为二分之一）。",
    "n_flags": "含构造或插补数值的数据列（数据集的 data/flags.csv；`paretoland data flags`）。",
    "p_figure_note": "",
    "cv_improving": "“改善”指四个全国总量指标：全国GDP与福利上升、产出差距与福利差距缩小。"
    "这并不意味着每个城市都受益：在该方案中，{n_cities}个城市里有{n_down}个"
    "福利下降（表{table}）。",
    "cv_not_improving": "选定方案并未在全部四个全国总量指标上优于现状，见表{table}。",
    "cv_findings": "源论文的部分结论未能在本模型和数据上复现（表{table}），解读数值时请注意。",
    "cv_findings_all": "在本次运行的数据与参数下，论文表2和表3中经检验的定性结论均得到复现。",
    "cv_findings_failed": "无法在本次运行的数据上检验论文结论：{reason}",
    "cv_data": "部分输入数据为构造值而非观测值（表{table}）：各城市的建设用地、"
    "土地价格和常住人口均按数据集文档所述规则由年鉴与调查数据构造，部分数值经插补。"
    "单个城市的结果不如全国总量可靠。",
    "cv_stakeholders": "权重来自 {source} 中的两两比较判断（{groups}）。"
    "这些判断仅为示例：该文件随paretoland提供，并非调查数据。"
    "引用权重前，请以相关利益方的实际判断替换。",
    "cv_stakeholders_own": "权重来自 {source} 中的两两比较判断（{groups}）；"
    "方案选择的可靠性取决于这些判断。",
    "cv_weights": "权重由分析人员设定；不同的权重会在同一前沿上选出不同的方案。",
    "cv_tradeoffs": "权衡价格由近似前沿（进化算法搜索所得）上的邻近点估计，"
    "而非由模型导数计算，仅可视为数量级。",
    "cv_model": "所有变化均为校准空间均衡模型的长期均衡与无交易的2017年经济之比较，"
    "并非预测，亦未模拟过渡过程。",
    "cv_map": "地图所用底图并非经审核的标准地图：公开发布须取得底图审图号，"
    "或改用经审核的标准底图重新绘制。",
    "m_rule": "规则：{family}，在{participation}之间{scope}交易{land_use}；城市卖出的"
    "建设用地至多为其{max_share}%；卖方每平方米获得{seller_price}元。约束：任何户籍地"
    "福利不得下降（{pareto}）；每个卖方的最低收入：{min_receipts}；均衡必须存在。"
    "差距：城市间的{measure}。",
    "m_run": "前沿搜索：{algorithm}，模型评估 {n_evaluations} 次，随机种子 {seed}；"
    "前沿上共 {n_points} 个点。",
    "m_data": "数据集 {source}：{n_cities} 个城市，SHA-256 {sha}。"
    "数据来源与构造值见数据集的 README。",
    "files": "所有表格和各图背后的数据见 data/（CSV）；图的PNG、SVG与PDF版本见 "
    "figures/；data/cities.csv 含各城市的全部结果。",
    "params_alpha": "商品生产中的劳动份额 α",
    "params_eta": "住房支出份额 η",
    "params_kappa": "迁移弹性 κ",
    "params_sigma": "住房生产中的劳动份额 σ",
    "params_rho": "生产率对基础设施的弹性 ρ",
    "params_wedge_basis": "楔子的参照价格",
    "params_wedge_labour": "楔子中的劳动力",
    "params_tenure_rate": "土地年期折现率",
    "params_price_winsor": "地价缩尾比例（每侧）",
    "params_receipts_to_infrastructure": "指标收入用于基础设施的比例",
    "params_revenue_to_infrastructure": "土地收入用于基础设施的比例",
    "none": "无",
    "yes": "是",
    "no": "否",
    "mixed": "部分",
}
