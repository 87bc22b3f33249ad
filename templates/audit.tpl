{{%AUTOESCAPE context="HTML"}}
{{!-- The business's audit log: filters (a GET form), one page of entries
      (ROWS/ROW), the pager (PAGER, with PREV/NEXT and their QUERY). --}}
<section>
  <h1>{{_Audit log_}}</h1>
{{#NOTICE}}
  <p class="notice notice-{{NOTICE_KIND}}" role="status">{{NOTICE_TEXT}}</p>
{{/NOTICE}}
  <form class="filters" method="get" action="{{BASE}}/admin/audit">
    <div class="field">
      <label for="action">{{_Action_}}</label>
      <select id="action" name="action">
        <option value="">{{_All actions_}}</option>
{{#ACTION_OPTION}}
        <option value="{{CODE}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>
{{/ACTION_OPTION}}
      </select>
    </div>
    <div class="field">
      <label for="actor">{{_Who (e-mail contains)_}}</label>
      <input type="search" id="actor" name="actor" value="{{VALUE_ACTOR}}" maxlength="254">
    </div>
    <div class="field">
      <label for="from">{{_From (UTC)_}}</label>
      <input type="date" id="from" name="from" value="{{VALUE_FROM}}">
    </div>
    <div class="field">
      <label for="to">{{_To (UTC)_}}</label>
      <input type="date" id="to" name="to" value="{{VALUE_TO}}">
    </div>
    <button type="submit">{{_Show_}}</button>
    <a href="{{BASE}}/admin/audit">{{_Reset filters_}}</a>
  </form>
{{#EMPTY}}
  <p class="muted">{{_No entries._}}</p>
{{/EMPTY}}
{{#ROWS}}
  <div class="table-wrap">
    <table>
      <thead>
        <tr>
          <th scope="col">{{_Time (UTC)_}}</th>
          <th scope="col">{{_Who_}}</th>
          <th scope="col">{{_Action_}}</th>
          <th scope="col">{{_Target_}}</th>
          <th scope="col">{{_Details_}}</th>
          <th scope="col">{{_Address_}}</th>
        </tr>
      </thead>
      <tbody>
{{#ROW}}
        <tr>
          <td>{{TIME}}</td>
          <td>{{WHO}}</td>
          <td>{{ACTION}}</td>
          <td>{{TARGET}}</td>
          <td>{{DETAIL}}</td>
          <td>{{ADDRESS}}</td>
        </tr>
{{/ROW}}
      </tbody>
    </table>
  </div>
{{/ROWS}}
{{#PAGER}}
  <nav class="pager" aria-label="{{_Pages_}}">
{{#PREV}}
    <a href="{{BASE}}/admin/audit?{{QUERY}}" rel="prev">{{_Previous_}}</a>
{{/PREV}}
    <span>{{PAGE_INFO}} · {{TOTAL}}</span>
{{#NEXT}}
    <a href="{{BASE}}/admin/audit?{{QUERY}}" rel="next">{{_Next_}}</a>
{{/NEXT}}
  </nav>
{{/PAGER}}
</section>
