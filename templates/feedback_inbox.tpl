{{%AUTOESCAPE context="HTML"}}
{{!-- The feedback inbox: MAY_ADD (links to the manual entry), the filters
      (*_OPTION lists with VALUE, LABEL, SELECTED; OVERDUE_CHECKED,
      CLIENT_FILTER), ORDER_HINT, EMPTY or ROWS/ROW (OVERDUE rows highlighted), PAGER
      (FIRST, NEXT). --}}
<section>
  <h1>{{_Feedback_}}</h1>
{{#NOTICE}}
  <p class="notice notice-{{NOTICE_KIND}}" role="status">{{NOTICE_TEXT}}</p>
{{/NOTICE}}
  <p class="actions">
{{#MAY_ADD}}
    <a class="button" href="{{BASE}}/feedback/new">{{_Record a call or visit_}}</a>
{{/MAY_ADD}}
    <a href="{{BASE}}/feedback/report">{{_Counts by channel and type_}}</a>
{{#MAY_CONFIGURE}}
    <a href="{{BASE}}/admin/feedback-lists">{{_Departments and defect kinds_}}</a>
{{/MAY_CONFIGURE}}
  </p>
  <form class="filters" method="get" action="{{BASE}}/feedback">
    <div class="field">
      <label for="status">{{_Status_}}</label>
      <select id="status" name="status">
{{#STATUS_OPTION}}
        <option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>
{{/STATUS_OPTION}}
      </select>
    </div>
    <div class="field">
      <label for="channel">{{_Channel_}}</label>
      <select id="channel" name="channel">
{{#CHANNEL_OPTION}}
        <option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>
{{/CHANNEL_OPTION}}
      </select>
    </div>
    <div class="field">
      <label for="type">{{_Type_}}</label>
      <select id="type" name="type">
{{#TYPE_OPTION}}
        <option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>
{{/TYPE_OPTION}}
      </select>
    </div>
    <div class="field">
      <label for="department">{{_Department_}}</label>
      <select id="department" name="department">
{{#DEPARTMENT_OPTION}}
        <option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>
{{/DEPARTMENT_OPTION}}
      </select>
    </div>
    <div class="field">
      <label for="assignee">{{_Assignee_}}</label>
      <select id="assignee" name="assignee">
{{#ASSIGNEE_OPTION}}
        <option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>
{{/ASSIGNEE_OPTION}}
      </select>
    </div>
    <div class="field">
      <label><input type="checkbox" name="overdue" value="1"{{#OVERDUE_CHECKED}} checked{{/OVERDUE_CHECKED}}> {{_Overdue only_}}</label>
    </div>
{{#CLIENT_FILTER}}
    <input type="hidden" name="client" value="{{CLIENT_ID}}">
{{/CLIENT_FILTER}}
    <button type="submit">{{_Show_}}</button>
    <a href="{{BASE}}/feedback">{{_Show all_}}</a>
  </form>
{{#CLIENT_FILTER}}
  <p class="muted">{{_Only the items of one client._}} <a href="{{BASE}}/clients/{{CLIENT_ID}}">{{_Open the client_}}</a></p>
{{/CLIENT_FILTER}}
  <p class="muted">{{ORDER_HINT}}</p>
{{#EMPTY}}
  <p class="muted">{{_No feedback found._}}</p>
{{/EMPTY}}
{{#ROWS}}
  <div class="table-wrap">
    <table class="feedback-list">
      <thead>
        <tr>
          <th scope="col">#</th>
          <th scope="col">{{_Received_}}</th>
          <th scope="col">{{_From_}}</th>
          <th scope="col">{{_Channel_}}</th>
          <th scope="col">{{_Type_}}</th>
          <th scope="col">{{_Text_}}</th>
          <th scope="col">{{_Status_}}</th>
          <th scope="col">{{_Priority_}}</th>
          <th scope="col">{{_Assignee_}}</th>
          <th scope="col">{{_Reply due_}}</th>
        </tr>
      </thead>
      <tbody>
{{#ROW}}
        <tr data-id="{{ID}}"{{#OVERDUE}} class="overdue"{{/OVERDUE}}>
          <td><a href="{{BASE}}/feedback/{{ID}}">{{ID}}</a></td>
          <td>{{RECEIVED}}</td>
          <td>{{WHO}}</td>
          <td>{{CHANNEL}}</td>
          <td>{{TYPE}}</td>
          <td><a href="{{BASE}}/feedback/{{ID}}">{{TEXT}}</a></td>
          <td><span class="badge status-{{STATUS}}">{{STATUS_LABEL}}</span></td>
          <td class="priority-{{PRIORITY}}">{{PRIORITY_LABEL}}</td>
          <td>{{ASSIGNEE}}</td>
          <td>{{DUE}}{{#OVERDUE}} <strong class="overdue-mark">{{_overdue_}}</strong>{{/OVERDUE}}</td>
        </tr>
{{/ROW}}
      </tbody>
    </table>
  </div>
{{/ROWS}}
{{#PAGER}}
  <nav class="pager" aria-label="{{_Pages_}}">
{{#FIRST}}
    <a href="{{URL}}" rel="first">{{_First page_}}</a>
{{/FIRST}}
{{#NEXT}}
    <a href="{{URL}}" rel="next">{{_Next_}}</a>
{{/NEXT}}
  </nav>
{{/PAGER}}
</section>
