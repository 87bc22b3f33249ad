{{%AUTOESCAPE context="HTML"}}
{{!-- The dashboard's period picker (pages/dashboard_common.c): ACTION,
      KIND options (VALUE, LABEL, SELECTED), AT, FROM, TO, the errors
      ERR_PERIOD, ERR_AT, ERR_FROM, ERR_TO (MSG), HIDDEN
      fields (NAME, VALUE), PREV and NEXT links (URL, LABEL), OPEN,
      TIMEZONE; PERIOD_LABEL and METRIC are global. --}}
<form class="filters period-picker" method="get" action="{{ACTION}}">
  <div class="field">
    <label for="period">{{_Period_}}</label>
    <select id="period" name="period">
{{#KIND}}
      <option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>
{{/KIND}}
    </select>
{{#ERR_PERIOD}}
    <span class="field-error">{{MSG}}</span>
{{/ERR_PERIOD}}
  </div>
  <div class="field">
    <label for="at">{{_A day in the period_}}</label>
    <input type="date" id="at" name="at" value="{{AT}}">
{{#ERR_AT}}
    <span class="field-error">{{MSG}}</span>
{{/ERR_AT}}
  </div>
  <div class="field">
    <label for="from">{{_Your dates: from_}}</label>
    <input type="date" id="from" name="from" value="{{FROM}}">
{{#ERR_FROM}}
    <span class="field-error">{{MSG}}</span>
{{/ERR_FROM}}
  </div>
  <div class="field">
    <label for="to">{{_to_}}</label>
    <input type="date" id="to" name="to" value="{{TO}}">
{{#ERR_TO}}
    <span class="field-error">{{MSG}}</span>
{{/ERR_TO}}
  </div>
{{#HIDDEN}}
  <input type="hidden" name="{{NAME}}" value="{{VALUE}}">
{{/HIDDEN}}
  <div class="form-actions">
    <button type="submit">{{_Show_}}</button>
  </div>
</form>
<nav class="period-nav" aria-label="{{_Periods_}}">
{{#PREV}}
  <a class="period-prev" href="{{URL}}">← {{LABEL}}</a>
{{/PREV}}
  <strong class="period-label">{{PERIOD_LABEL}}</strong>{{#OPEN}} <span class="muted">({{_so far_}})</span>{{/OPEN}}
{{#NEXT}}
  <a class="period-next" href="{{URL}}">{{LABEL}} →</a>
{{/NEXT}}
</nav>
<p class="muted">{{_Dates are in the time zone_}} {{TIMEZONE}}.</p>
