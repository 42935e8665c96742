"""The memo's words in English and Chinese: headings, captions, table labels, notes.

``WORDS[lang][key]``; texts with ``{fields}`` are filled by :func:`word`. Prose that
needs its own sentence structure per language lives in :mod:`.summary`.
"""

from __future__ import annotations

from paretoland.reporting.figures.labels import check_language

__all__ = [
    "ALGORITHM_NAMES",
    "MEASURE_NAMES",
    "METHOD_NAMES",
    "RULE_VALUES",
    "WORDS",
    "group_names",
    "word",
]

WORDS: dict[str, dict[str, str]] = {
    "en": {
        "title": "Construction-land quota trading: the allocation chosen from the frontier",
        "kicker": "paretoland · policy memo",
        "meta": "Run {run} · Pareto point {point} of {n_points} · prepared {date} with "
        "paretoland {version}",
        "figure": "Figure {n}.",
        "table": "Table {n}.",
        "data_link": "Data (CSV)",
        "print_files": "print quality: figures/{name}.*",
        "h_summary": "Summary",
        "h_key": "Key numbers",
        "h_who": "Who gains and who loses",
        "h_channels": "What drives the result",
        "h_allocation": "The allocation: who sells, who buys",
        "h_frontier": "The frontier and the choice",
        "h_caveats": "Caveats",
        "h_method": "Method, assumptions and data",
        "h_appendix": "Appendix: by province",
        "h_files": "Files",
        # tables
        "t_key": "The chosen allocation against the status quo and the alternatives",
        "t_tradeoffs": "Trade-off prices near the chosen allocation",
        "t_counts": "Cities gaining and losing",
        "t_big": "The ten largest economies",
        "t_channels": "Channel decomposition of the national outcomes",
        "t_sellers": "Top sellers of quota",
        "t_buyers": "Top buyers of quota",
        "t_stakeholders": "Weights from the stakeholder judgements",
        "t_findings": "The paper's findings that this model and data do not reproduce",
        "t_flags": "Constructed and imputed data",
        "t_params": "Model parameters",
        "t_provinces": "Land, output, population, welfare and money by province",
        "t_farmland": "Farmland and farmers' land-ticket income by province",
        # figures
        "f_map_welfare": "Welfare change by city of origin (hukou), %",
        "f_ranked_welfare": "Largest welfare gains and losses, by city of origin",
        "f_map_gdp": "GDP change by city, %",
        "f_ranked_gdp": "Largest GDP gains and losses",
        "f_map_land": "Construction land change by city, % of the city's construction land",
        "f_flows": "Quota sold and bought, and the money paid for it, by province",
        "f_frontier_gdp": "The frontier in GDP and the output gap",
        "f_frontier_welfare": "The frontier in welfare and the welfare gap",
        "f_matrix": "All four objectives, pair by pair",
        "f_parallel": "The frontier in parallel coordinates",
        # figure titles inside the images
        "map_gdp_title": "GDP change by city",
        "map_welfare_title": "Welfare change by city of origin",
        "map_land_title": "Construction land change by city",
        "ranked_welfare_title": "Welfare change by city of origin",
        "ranked_gdp_title": "GDP change",
        "ranked_unit": "% change",
        # column labels
        "c_objective": "Objective",
        "c_better": "Better",
        "c_higher": "higher",
        "c_lower": "lower",
        "c_chosen": "Chosen allocation",
        "c_status_quo": "Status quo",
        "c_uniform": "Paper's headline rule¹",
        "c_best": "Best for this objective alone²",
        "c_gain": "Gain 1 point of …",
        "c_costs": "costs … points of {name}",
        "c_group": "Cities whose …",
        "c_cities": "Cities",
        "c_over5": "of which by more than 5 %",
        "c_pop_share": "Share of the hukou population (%)",
        "c_city": "City",
        "c_province": "Province",
        "c_role": "Role",
        "c_land_pct": "Construction land (%)",
        "c_gdp_pct": "GDP (%)",
        "c_pop_pct": "Population (%)",
        "c_welfare_pct": "Welfare by origin (%)",
        "c_net_receipts": "Net receipts (100 million yuan)",
        "c_land_sold": "Land sold (km²)",
        "c_land_bought": "Land bought (km²)",
        "c_receipts": "Receipts (100 million yuan)",
        "c_payments": "Payments (100 million yuan)",
        "c_outcome": "Outcome",
        "c_direct_land": "Direct land",
        "c_migration": "Migration",
        "c_infrastructure": "Productivity (TFP)",
        "c_transfers": "Transfers",
        "c_interaction": "Interaction",
        "c_total": "Total",
        "c_ahp": "AHP",
        "c_entropy": "Entropy",
        "c_combined": "Combined (used)",
        "c_finding": "Finding of the paper",
        "c_paper_share": "Holds in the paper (% of cells)",
        "c_our_share": "Holds here (% of cells)",
        "c_column": "Data",
        "c_flagged": "Cities constructed or imputed",
        "c_methods": "How",
        "c_parameter": "Parameter",
        "c_value": "Value",
        "c_prod_change": "Productive land (km²)",
        "c_res_change": "Residential land (km²)",
        "c_reclaimed": "Reclaimed (km²)",
        "c_converted": "Converted (km²)",
        "c_net_farmland": "Net farmland (km²)",
        "c_farmer_income": "Farmers (100 million yuan)",
        "c_collective_income": "Collectives (100 million yuan)",
        "welfare_rises": "welfare rises",
        "welfare_falls": "welfare falls",
        "gdp_rises": "GDP rises",
        "gdp_falls": "GDP falls",
        "seller": "sells",
        "buyer": "buys",
        "no_role": "—",
        # notes
        "n_key": "% change against the calibrated 2017 economy without trading. GDP and "
        "welfare: a positive change is better. Output and welfare gaps (the {measure} "
        "across cities): a negative change, a narrower gap, is better. ¹ The paper's "
        "uniform rule of Table 3: inter-province trading of both land uses in all "
        "provinces, equal areas. ² Each row's best is a different allocation (the "
        "single-objective optimum, point number in brackets): no allocation reaches all "
        "four together.",
        "n_tradeoffs": "Percentage points of the column's objective given up for one "
        "point gained in the row's objective, the other two objectives held fixed, near "
        "the chosen allocation. Estimated from the plane through the {count} nearest "
        "frontier points; in brackets the range with half and twice as many. "
        "* Not determined: one of those fits finds no trade-off. “—”: the two objectives "
        "do not trade off there.",
        "n_tradeoffs_missing": "Trade-off prices near the chosen allocation could not be "
        "estimated: {reason}",
        "n_counts": "Welfare is counted by city of origin (hukou): the change in the "
        "welfare of the people registered in the city, wherever they live. GDP is "
        "counted where it is produced. Population shares are of the hukou population.",
        "n_big": "The ten cities with the largest 2017 GDP. Changes in %; construction "
        "land in % of the city's own; net receipts: quota receipts minus payments "
        "(positive: the city is paid).",
        "n_channels": "Percentage points of each national outcome. Direct land: the new "
        "land alone, nobody moving and productivity fixed; migration: workers moving "
        "between cities; productivity (TFP): land revenue financing infrastructure; "
        "transfers: quota receipts and payments. Shapley split of the general-"
        "equilibrium part; each row adds up to the total.",
        "n_channels_missing": "A decomposition by channel (direct land, migration, "
        "productivity through land revenue, transfers) is not available in this "
        "version of paretoland.",
        "n_channels_failed": "The decomposition by channel failed: {reason}",
        "n_traders": "Land in km² of construction-land quota; money in 100 million yuan "
        "(亿元); GDP and welfare (by city of origin) in % change.",
        "n_provinces": "Land: net change in km² (positive: bought). Changes in %. Net "
        "receipts in 100 million yuan (positive: the province is paid).",
        "n_farmland": "Reclaimed: farmland restored where quota is sold; converted: "
        "farmland built on where quota is bought (1:1 linking). Income: 85 % of the "
        "quota price net of reclamation cost (37,000 yuan per mu) goes to farmers, the "
        "rest to collectives.",
        "n_findings": "Each finding is checked cell by cell over the paper's Tables 2 and "
        "3 (uniform rules) on this run's data and parameters, in each outcome's own "
        "sense. Not reproduced: the shares fall on different sides of one half "
        "(“mixed”: exactly one half here).",
        "n_flags": "Columns of the dataset with constructed or imputed values "
        "(data/flags.csv of the dataset; `paretoland data flags`).",
        "p_figure_note": "",
        # caveats
        "cv_improving": "“Improving” refers to the four national aggregates: national "
        "GDP and welfare rise and the output and welfare gaps narrow. It does not mean "
        "that every city gains: {n_down} of {n_cities} cities lose welfare in this "
        "allocation (Table {table}).",
        "cv_not_improving": "The chosen allocation does not improve all four national "
        "aggregates on the status quo; see Table {table}.",
        "cv_findings": "Some findings of the source paper are not reproduced by this "
        "model on this data (Table {table}); read the levels with that in mind.",
        "cv_findings_all": "On this run's data and parameters, every qualitative "
        "finding of the paper's Tables 2 and 3 that was checked is reproduced.",
        "cv_findings_failed": "The paper's findings could not be checked on this run's "
        "data: {reason}",
        "cv_data": "Several inputs are constructed rather than observed (Table {table}): "
        "construction land, land prices and resident population for every city are "
        "built from yearbook and survey data by the dataset's documented rules, and "
        "some values are interpolated. Results for single cities are less reliable "
        "than national totals.",
        "cv_stakeholders": "The weights come from the pairwise judgements in {source} "
        "({groups}). They are illustrative: the file ships with paretoland as an "
        "example and records no survey. Replace it with the judgements of the "
        "stakeholders concerned before the weights are quoted.",
        "cv_stakeholders_own": "The weights come from the pairwise judgements in "
        "{source} ({groups}); the choice is only as good as those judgements.",
        "cv_weights": "The weights were set by the analyst; other weights choose other "
        "allocations on the same frontier.",
        "cv_tradeoffs": "The trade-off prices are estimated from neighbouring points of "
        "an approximate frontier (evolutionary search), not from the model's "
        "derivatives; treat them as orders of magnitude.",
        "cv_model": "All changes compare long-run equilibria of a calibrated spatial "
        "model with the 2017 economy without trading; they are not forecasts, and the "
        "transition is not modelled.",
        "cv_map": "The maps' base map is not an approved standard map: publishing them "
        "needs a map approval number (审图号) for the base map, or redrawing on an "
        "approved one.",
        # method section
        "m_rule": "Rule: {family}, trading {land_use} {scope}, among {participation}; a "
        "city sells at most {max_share} % of its construction land; sellers receive "
        "{seller_price} yuan/m². Constraints: no city of origin may lose welfare "
        "({pareto}); minimum receipts per seller {min_receipts} hundred million yuan; an "
        "equilibrium must exist. Gaps: the {measure} across cities.",
        "m_run": "Frontier search: {algorithm}, {n_evaluations} model evaluations, seed "
        "{seed}; {n_points} points on the frontier.",
        "m_data": "Dataset {source}: {n_cities} cities, SHA-256 {sha}. Sources and "
        "constructed values are documented in the dataset's README.",
        "on": "on",
        "off": "off",
        "files": "Every table and the data behind every figure are in data/ (CSV); the "
        "figures in PNG, SVG and PDF in figures/; data/cities.csv has every city's "
        "outcomes.",
        "params_alpha": "Labour share in goods production α",
        "params_eta": "Housing expenditure share η",
        "params_kappa": "Migration elasticity κ",
        "params_sigma": "Labour share in housing production σ",
        "params_rho": "Elasticity of productivity to infrastructure ρ",
        "params_wedge_basis": "Wedge reference price",
        "params_wedge_labour": "Labour in the wedges",
        "params_tenure_rate": "Land-tenure discount rate",
        "params_price_winsor": "Land-price winsorising (each tail)",
        "params_receipts_to_infrastructure": "Share of quota receipts for infrastructure",
        "params_revenue_to_infrastructure": "Share of land revenue for infrastructure",
        "none": "none",
        "yes": "yes",
        "no": "no",
        "mixed": "mixed",
    },
    "zh": {
        "title": "建设用地指标交易：从帕累托前沿选定的配置方案",
        "kicker": "paretoland · 政策简报",
        "meta": "运行 {run} · 帕累托点 {point}（共 {n_points} 个）· {date} 由 paretoland "
        "{version} 生成",
        "figure": "图{n}",
        "table": "表{n}",
        "data_link": "数据（CSV）",
        "print_files": "印刷质量版本：figures/{name}.*",
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
        "n_tradeoffs_missing": "无法估计选定方案附近的权衡价格：{reason}",
        "n_counts": "福利按户籍所在城市计算：即户籍在该市的人口（无论居住在何处）的福利变化。"
        "GDP按生产地计算。人口比重指占户籍人口的比重。",
        "n_big": "2017年GDP最大的十个城市。变化以%计；建设用地变化以占本市建设用地的%计；"
        "净收入为指标交易收入减支出（正值表示该市获得资金）。",
        "n_channels": "各全国结果的百分点。土地直接效应：仅新增土地本身，人口不流动、"
        "生产率不变；人口迁移：劳动力在城市间流动；生产率（TFP）：土地收入用于基础设施；"
        "资金转移：指标交易的收入与支出。一般均衡部分按Shapley值分解；各行之和等于合计。",
        "n_channels_missing": "本版本paretoland尚不提供按渠道（土地直接效应、人口迁移、"
        "经由土地收入的生产率、资金转移）的分解。",
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
        "福利不得下降（{pareto}）；每个卖方最低收入{min_receipts}亿元；均衡必须存在。"
        "差距：城市间的{measure}。",
        "m_run": "前沿搜索：{algorithm}，模型评估 {n_evaluations} 次，随机种子 {seed}；"
        "前沿上共 {n_points} 个点。",
        "m_data": "数据集 {source}：{n_cities} 个城市，SHA-256 {sha}。"
        "数据来源与构造值见数据集的 README。",
        "on": "开启",
        "off": "关闭",
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
    },
}

METHOD_NAMES: dict[str, dict[str, str]] = {
    "en": {
        "knee": "the knee method",
        "pseudo_weights": "Deb's pseudo-weights",
        "asf": "the achievement scalarising function (ASF)",
        "compromise": "compromise programming",
        "topsis": "TOPSIS",
        "given": "the user",
    },
    "zh": {
        "knee": "拐点法",
        "pseudo_weights": "Deb伪权重法",
        "asf": "增广成就标量化函数法（ASF）",
        "compromise": "折中规划法",
        "topsis": "逼近理想解排序法（TOPSIS）",
        "given": "用户",
    },
}
"""Decision methods as a sentence names them."""

MEASURE_NAMES: dict[str, dict[str, str]] = {
    "en": {
        "cv": "coefficient of variation",
        "theil": "Theil index",
        "gini": "Gini coefficient",
        "var_log": "variance of logs",
    },
    "zh": {"cv": "变异系数", "theil": "泰尔指数", "gini": "基尼系数", "var_log": "对数方差"},
}
"""Dispersion measures of the gaps, by name."""


RULE_VALUES: dict[str, dict[str, str]] = {
    "en": {
        "parametric": "the paper's parametric rule (12 weights)",
        "per_city": "one share per seller and one weight per buyer",
        "productive": "productive land",
        "residential": "residential land",
        "both": "productive and residential land",
        "inter": "between provinces",
        "intra": "within provinces",
        "all": "all provinces",
        "pilot": "the pilot provinces",
        "custom": "the provinces the run names",
    },
    "zh": {
        "parametric": "论文的参数化规则（12个权重）",
        "per_city": "逐城市规则（每个卖方一个比例、每个买方一个权重）",
        "productive": "生产用地",
        "residential": "居住用地",
        "both": "生产用地与居住用地",
        "inter": "跨省",
        "intra": "省内",
        "all": "全部省份",
        "pilot": "试点省份",
        "custom": "运行配置所列省份",
    },
}
"""The values of a run's ``[rule]`` settings in words."""


ALGORITHM_NAMES: dict[str, dict[str, str]] = {
    "en": {"nsga2": "NSGA-II", "nsga3": "NSGA-III", "ga": "a genetic algorithm", "random": "random search"},
    "zh": {"nsga2": "NSGA-II", "nsga3": "NSGA-III", "ga": "遗传算法", "random": "随机搜索"},
}
"""Search algorithms of a run, as printed."""


def group_names(groups: list[str], lang: str) -> str:
    """Stakeholder group names as a list in prose (``central_government`` → ``central government``)."""
    names = [str(g).replace("_", " ") for g in groups]
    return ("、" if lang == "zh" else ", ").join(names)


def word(key: str, lang: str, **fields: object) -> str:
    """Return the memo text ``key`` in ``lang``, with ``fields`` filled in."""
    text = WORDS[check_language(lang)][key]
    return text.format(**fields) if fields else text
