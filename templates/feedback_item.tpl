{{%AUTOESCAPE context="HTML"}}
{{!-- One feedback item: HEADING, STATUS (STATUS_LABEL), OVERDUE, the notice,
      CLIENT (CLIENT_URL, CLIENT_NAME), DETAIL rows (CODE, LABEL, VALUE),
      TEXT, the timeline (EVENT: KIND, WHAT, WHEN, WHO, EVENT_TEXT) and for
      managers WORK: MOVE buttons, REJECT (a link to its confirmation), REPLY_FORM (MAILED), COMMENT_FORM, the
      assignment and the classification. --}}
<section>
  <p><a href="{{BASE}}/feedback">{{_All feedback_}}</a></p>
  <h1>{{HEADING}} <span class="badge status-{{STATUS}}">{{STATUS_LABEL}}</span>{{#OVERDUE}} <strong class="overdue-mark">{{_overdue_}}</strong>{{/OVERDUE}}</h1>
{{#NOTICE}}
  <p class="notice notice-{{NOTICE_KIND}}" role="status">{{NOTICE_TEXT}}</p>
{{/NOTICE}}
{{#CLIENT}}
  <p>{{_Client_}}: <a href="{{CLIENT_URL}}">{{CLIENT_NAME}}</a></p>
{{/CLIENT}}
  <blockquote class="feedback-text">{{TEXT:pre_escape}}</blockquote>
  <div class="table-wrap">
    <table class="profile">
      <tbody>
{{#DETAIL}}
        <tr data-field="{{CODE}}"><th scope="row">{{LABEL}}</th><td>{{VALUE}}</td></tr>
{{/DETAIL}}
      </tbody>
    </table>
  </div>
  <p class="muted">{{_Times are in the time zone_}} {{TIMEZONE}}.</p>
{{#WORK}}
  <h2>{{_Status_}}</h2>
  <div class="actions">
{{#MOVE}}
    <form class="inline-form" method="post" action="{{BASE}}/feedback/{{ID}}/status">
      <input type="hidden" name="csrf" value="{{CSRF}}">
      <input type="hidden" name="status" value="{{VALUE}}">
      <button type="submit">{{LABEL}}</button>
    </form>
{{/MOVE}}
{{#REJECT}}
    <a class="button button-quiet" href="{{BASE}}/feedback/{{ID}}/reject">{{_Reject…_}}</a>
{{/REJECT}}
  </div>
{{#REPLY_FORM}}
  <h2>{{_Reply to the client_}}</h2>
  <form class="form-stack" method="post" action="{{BASE}}/feedback/{{ID}}/reply">
    <input type="hidden" name="csrf" value="{{CSRF}}">
    <div class="field">
      <label for="reply">{{_Reply_}}</label>
      <textarea id="reply" name="text" rows="5" maxlength="10000">{{VALUE_TEXT:pre_escape}}</textarea>
{{#MAILED}}
      <p class="field-hint">{{_The reply is recorded in the client's history and e-mailed to_}} {{ADDRESS}}.</p>
{{/MAILED}}
{{#ERR_TEXT}}
      <span class="field-error">{{MSG}}</span>
{{/ERR_TEXT}}
    </div>
    <div class="form-actions"><button type="submit">{{_Send the reply_}}</button></div>
  </form>
{{/REPLY_FORM}}
  <h2>{{_Internal comment_}}</h2>
{{#COMMENT_FORM}}
  <form class="form-stack" method="post" action="{{BASE}}/feedback/{{ID}}/comment">
    <input type="hidden" name="csrf" value="{{CSRF}}">
    <div class="field">
      <label for="comment">{{_Comment (not shown to the client)_}}</label>
      <textarea id="comment" name="text" rows="3" maxlength="10000">{{VALUE_TEXT:pre_escape}}</textarea>
{{#ERR_TEXT}}
      <span class="field-error">{{MSG}}</span>
{{/ERR_TEXT}}
    </div>
    <div class="form-actions"><button type="submit">{{_Add the comment_}}</button></div>
  </form>
{{/COMMENT_FORM}}
  <h2>{{_Assignment and classification_}}</h2>
  <form class="inline-form" method="post" action="{{BASE}}/feedback/{{ID}}/assign">
    <input type="hidden" name="csrf" value="{{CSRF}}">
    <div class="field">
      <label for="assignee">{{_Assignee_}}</label>
      <select id="assignee" name="assignee">
{{#ASSIGNEE_OPTION}}
        <option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>
{{/ASSIGNEE_OPTION}}
      </select>
    </div>
    <button type="submit">{{_Assign_}}</button>
  </form>
  <form class="form-stack" method="post" action="{{BASE}}/feedback/{{ID}}/classify">
    <input type="hidden" name="csrf" value="{{CSRF}}">
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
      <label for="defect">{{_Defect kind_}}</label>
      <select id="defect" name="defect">
{{#DEFECT_OPTION}}
        <option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>
{{/DEFECT_OPTION}}
      </select>
    </div>
    <div class="field">
      <label for="priority">{{_Priority_}}</label>
      <select id="priority" name="priority">
{{#PRIORITY_OPTION}}
        <option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>
{{/PRIORITY_OPTION}}
      </select>
    </div>
    <div class="form-actions"><button type="submit">{{_Save the classification_}}</button></div>
  </form>
{{/WORK}}
  <h2 id="timeline">{{_Timeline_}}</h2>
  <ol class="timeline">
{{#EVENT}}
    <li class="entry event-{{KIND}}" data-id="{{EVENT_ID}}">
      <p class="entry-head"><span class="entry-when">{{WHEN}}</span> · <span class="entry-kind">{{WHAT}}</span> · {{WHO}}</p>
{{#EVENT_TEXT}}
      <p class="entry-text">{{VALUE:pre_escape}}</p>
{{/EVENT_TEXT}}
    </li>
{{/EVENT}}
  </ol>
</section>
