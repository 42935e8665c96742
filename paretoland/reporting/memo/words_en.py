"""The memo's words in English (see :mod:`.words`)."""

from __future__ import annotations

__all__ = ["EN"]

EN: dict[str, str] = {
    "title": "Construction-land quota trading: the allocation chosen from the frontier",
    "kicker": "paretoland · policy memo",
    "meta": "Run {run} · Pareto point {point} of {n_points} · prepared {date} with "
    "paretoland {version}",
    "figure": "Figure {n}.",
    "table": "Table {n}.",
    "data_link": "Data (CSV)",
    "print_files": "print quality: figures/{name}.*",
    "given_point": "Point {point} was named by the analyst; no decision method was applied.",
    "chosen_by": "Point {point} was chosen by {method}",
    "ideal_point": "the frontier's ideal point",
    "reference_point": "the reference point {point}",
    "s_city_value": "{name} ({value} %)",
    "s_city_change": "{value} % in {name}",
    "s_welfare_all_up": "Welfare, counted by city of origin (hukou), rises in every city.",
    "s_welfare_split": "Welfare, counted by city of origin (hukou), rises in {n_up} of "
    "{n_cities} cities and falls in {n_down}, home to {share} % of the hukou population; "
    "{n_large} of them lose more than {large} %. The largest losses are in {named}.",
    "s_gdp": " GDP falls in {n_down} cities, {sellers} of them sellers of quota, whose output "
    "shrinks with the land they give up. In the {count} largest economies GDP changes by "
    "{big} (Tables {counts} and {table}).",
    "s_channels": "What drives it: {sentences} (Table {table}).",
    "m_sample": " The sample leaves out {n} cities of the dataset ({provinces}), as the "
    "paper does; the maps show them hatched, without a value.",
    "imposed": "imposed",
    "not_imposed": "not imposed",
    "receipts": "{value} hundred million yuan",
    "pv_uniform": "uniform price P*",
    "pv_observed": "observed mean price",
    "pv_residents": "the model's residents",
    "pv_employment": "urban-unit employment",
    "s_tradeoff": "Near this allocation, one more percentage point of {objective} would "
    "cost about {costs}, the other objectives held fixed (Table {table}; {how}).",
    "s_no_tradeoff": "Near this allocation the trade-off prices are not determined (Table "
    "{table}; {how}).",
    "s_source_exact": "from the model's derivatives",
    "s_source_neighbours": "estimated from neighbouring points of the frontier",
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
    "both": "sells and buys",
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
    "n_tradeoffs_exact": "Percentage points of the column's objective given up for one "
    "point gained in the row's objective, the other two objectives held fixed, at the "
    "chosen allocation: from the model's derivatives (the trade-off weights of its "
    "Pareto-stationarity certificate, {certificate}: 0 means a local Pareto optimum, "
    "where the prices are exact; the larger, the rougher). “—”: the two objectives do "
    "not trade off there.",
    "cv_tradeoffs_exact": "The trade-off prices are the model's derivatives at the chosen "
    "allocation: they hold for small moves, and exactly only at a local Pareto optimum "
    "(the allocation's certificate is {certificate}; 0 at an optimum).",
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
    "cv_findings_failed": "The paper's findings could not be checked on this run's data: {reason}",
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
    "{seller_price} yuan/m². Constraints: that no city of origin lose welfare, "
    "{pareto}; minimum receipts per seller, {min_receipts}; an equilibrium must exist. "
    "Gaps: the {measure} across cities.",
    "m_run": "Frontier search: {algorithm}, {n_evaluations} model evaluations, seed "
    "{seed}; {n_points} points on the frontier.",
    "m_data": "Dataset {source}: {n_cities} cities, SHA-256 {sha}. Sources and "
    "constructed values are documented in the dataset's README.",
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
}
