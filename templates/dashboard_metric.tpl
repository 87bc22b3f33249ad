{{%AUTOESCAPE context="HTML"}}
{{!-- One metric (pages/dashboard_metric.c): LABEL, DESCRIPTION, BACK_URL,
      the PICKER, CURRENT (VALUE: TEXT, or NOT_ENOUGH; N; AS_OF: TEXT
      when stale; ALL: URL),
      UNAVAILABLE, the TREND chart (WIDTH, HEIGHT, X0, X1, Y0, Y1, POINTS,
      POINT, XTICK, YTICK) with TREND_ROWs, DISTRIBUTION (CHART, BIN_ROW:
      LABEL, COUNT, SHARE), PARTS (PART: KEY, LABEL, VALUE, N, SHARE, LINK
      or NO_LINK) and per dimension a BREAKDOWN (DIMENSION, TITLE,
      DIMENSION_LABEL, BD_EMPTY, BD_UNAVAILABLE, BD_PENDING (not computed:
      the view ran out of time), BD_TABLE of GROUP: KEY,
      LABEL, VALUE, N, SHARE, LINK; CHART). A CHART has CAPTION, WIDTH,
      HEIGHT and BARs (LABEL, VALUE, X, Y, W, TX, TY, LW). --}}
<section class="dashboard-metric">
  <p><a href="{{BACK_URL}}">← {{_Dashboard_}}</a></p>
  <h1>{{LABEL}}</h1>
  <p class="muted">{{DESCRIPTION}}</p>
{{>PICKER}}
{{#UNAVAILABLE}}
  <p class="metric-unavailable">{{_unavailable_}}</p>
{{/UNAVAILABLE}}
{{#CURRENT}}
  <p class="metric-value">{{#VALUE}}<strong class="value">{{TEXT}}</strong>{{/VALUE}}{{#NOT_ENOUGH}}<strong class="not-enough">{{_not enough data_}}</strong>{{/NOT_ENOUGH}} <span class="metric-n">n = {{N}}</span>{{#AS_OF}} · <span class="as-of">{{TEXT}}</span>{{/AS_OF}}{{#ALL}} · <a href="{{URL}}">{{_Who is behind it_}}</a>{{/ALL}}</p>
{{/CURRENT}}

  <h2 id="trend">{{_Trend_}}</h2>
{{#TREND}}
  <svg class="chart line-chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {{WIDTH}} {{HEIGHT}}" width="{{WIDTH}}" height="{{HEIGHT}}" role="img" aria-labelledby="trend-t trend-d">
    <title id="trend-t">{{LABEL}}: {{_the last 12 periods_}}</title>
    <desc id="trend-d">{{_A line through the value of each period; the table below has the same numbers._}}</desc>
    <line class="axis" x1="{{X0}}" y1="{{Y0}}" x2="{{X1}}" y2="{{Y0}}"></line>
    <line class="axis" x1="{{X0}}" y1="{{Y0}}" x2="{{X0}}" y2="{{Y1}}"></line>
{{#YTICK}}
    <text class="tick" x="{{X}}" y="{{Y}}" text-anchor="end" dominant-baseline="middle">{{LABEL}}</text>
{{/YTICK}}
{{#XTICK}}
    <text class="tick" x="{{X}}" y="{{Y}}" text-anchor="middle">{{LABEL}}</text>
{{/XTICK}}
    <polyline points="{{POINTS}}" fill="none"></polyline>
{{#POINT}}
    <circle cx="{{X}}" cy="{{Y}}" r="4"><title>{{LABEL}}: {{VALUE}}</title></circle>
{{/POINT}}
  </svg>
{{/TREND}}
  <div class="table-wrap">
    <table class="result-table trend-table">
      <thead><tr><th scope="col">{{_Period_}}</th><th scope="col">{{_Value_}}</th><th scope="col">n</th></tr></thead>
      <tbody>
{{#TREND_ROW}}
        <tr><td>{{PERIOD}}</td><td>{{VALUE}}</td><td>{{N}}</td></tr>
{{/TREND_ROW}}
      </tbody>
    </table>
  </div>

{{#DISTRIBUTION}}
  <h2 id="distribution">{{_Distribution_}}</h2>
{{#CHART}}
  <svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {{WIDTH}} {{HEIGHT}}" width="{{WIDTH}}" height="{{HEIGHT}}" role="img" aria-labelledby="dist-t dist-d">
    <title id="dist-t">{{CAPTION}}</title>
    <desc id="dist-d">{{_One bar per value; the table below has the same numbers._}}</desc>
{{#BAR}}
    <g class="bar">
      <title>{{LABEL}}: {{VALUE}}</title>
      <text class="bar-label" x="{{LW}}" y="{{TY}}" text-anchor="end">{{LABEL}}</text>
      <rect x="{{X}}" y="{{Y}}" width="{{W}}" height="20"></rect>
      <text class="bar-count" x="{{TX}}" y="{{TY}}">{{VALUE}}</text>
    </g>
{{/BAR}}
  </svg>
{{/CHART}}
  <div class="table-wrap">
    <table class="result-table distribution-table">
      <thead><tr><th scope="col">{{_Value_}}</th><th scope="col">{{_Count_}}</th><th scope="col">{{_Share_}}</th></tr></thead>
      <tbody>
{{#BIN_ROW}}
        <tr><td>{{LABEL}}</td><td>{{COUNT}}</td><td>{{SHARE}}</td></tr>
{{/BIN_ROW}}
      </tbody>
    </table>
  </div>
{{/DISTRIBUTION}}

{{#PARTS}}
  <h2 id="parts">{{_Parts_}}</h2>
  <div class="table-wrap">
    <table class="result-table parts-table">
      <thead><tr><th scope="col">{{_Part_}}</th><th scope="col">{{_Value_}}</th><th scope="col">n</th><th scope="col">{{_Share of n_}}</th></tr></thead>
      <tbody>
{{#PART}}
        <tr data-part="{{KEY}}"><td>{{#LINK}}<a href="{{URL}}">{{LABEL}}</a>{{/LINK}}{{#NO_LINK}}{{LABEL}}{{/NO_LINK}}</td><td>{{VALUE}}</td><td>{{N}}</td><td>{{SHARE}}</td></tr>
{{/PART}}
      </tbody>
    </table>
  </div>
{{/PARTS}}

{{#BREAKDOWN}}
  <section class="breakdown" data-dimension="{{DIMENSION}}">
    <h2 id="by-{{DIMENSION}}">{{TITLE}}</h2>
{{#BD_EMPTY}}
    <p class="muted">{{_No data in this period._}}</p>
{{/BD_EMPTY}}
{{#BD_UNAVAILABLE}}
    <p class="metric-unavailable">{{_unavailable_}}</p>
{{/BD_UNAVAILABLE}}
{{#BD_PENDING}}
    <p class="metric-pending">{{_Not computed yet: this page has used its time for computing. Reload it to compute more._}}</p>
{{/BD_PENDING}}
{{#CHART}}
    <svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {{WIDTH}} {{HEIGHT}}" width="{{WIDTH}}" height="{{HEIGHT}}" role="img" aria-labelledby="bd-{{DIMENSION}}-t bd-{{DIMENSION}}-d">
      <title id="bd-{{DIMENSION}}-t">{{CAPTION}}</title>
      <desc id="bd-{{DIMENSION}}-d">{{_One bar per group; the table below has the same numbers._}}</desc>
{{#BAR}}
      <g class="bar">
        <title>{{LABEL}}: {{VALUE}}</title>
        <text class="bar-label" x="{{LW}}" y="{{TY}}" text-anchor="end">{{LABEL}}</text>
        <rect x="{{X}}" y="{{Y}}" width="{{W}}" height="20"></rect>
        <text class="bar-count" x="{{TX}}" y="{{TY}}">{{VALUE}}</text>
      </g>
{{/BAR}}
    </svg>
{{/CHART}}
{{#BD_TABLE}}
    <div class="table-wrap">
      <table class="result-table breakdown-table">
        <thead><tr><th scope="col">{{DIMENSION_LABEL}}</th><th scope="col">{{_Value_}}</th><th scope="col">n</th><th scope="col">{{_Share of n_}}</th></tr></thead>
        <tbody>
{{#GROUP}}
          <tr data-group="{{KEY}}"><td>{{#LINK}}<a href="{{URL}}">{{LABEL}}</a>{{/LINK}}{{#NO_LINK}}{{LABEL}}{{/NO_LINK}}</td><td>{{VALUE}}</td><td>{{N}}</td><td>{{SHARE}}</td></tr>
{{/GROUP}}
        </tbody>
      </table>
    </div>
{{/BD_TABLE}}
  </section>
{{/BREAKDOWN}}
</section>
