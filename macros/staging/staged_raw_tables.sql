{#-
  staged_raw_tables(): every raw table of the contract with the base and staging models built from it and
  the column that identifies its rows; `soft_deletes` marks tables with an is_deleted flag. The audit models iterate over it so that no table is left out of
  the quarantine and the row-conservation check.
-#}
{% macro staged_raw_tables() %}
  {{ return([
    {'source': 'crm', 'table': 'account', 'model': 'crm__accounts', 'soft_deletes': true, 'id': 'account_id'},
    {'source': 'crm', 'table': 'contact', 'model': 'crm__contacts', 'soft_deletes': true, 'id': 'contact_id'},
    {'source': 'crm', 'table': 'lead', 'model': 'crm__leads', 'soft_deletes': true, 'id': 'lead_id'},
    {'source': 'crm', 'table': 'lead_history', 'model': 'crm__lead_history', 'id': 'lead_history_id'},
    {'source': 'crm', 'table': 'opportunity', 'model': 'crm__opportunities', 'soft_deletes': true, 'id': 'opportunity_id'},
    {'source': 'crm', 'table': 'opportunity_history', 'model': 'crm__opportunity_history', 'id': 'opportunity_history_id'},
    {'source': 'crm', 'table': 'opportunity_contact_role', 'model': 'crm__opportunity_contact_roles', 'id': 'opportunity_contact_role_id'},
    {'source': 'crm', 'table': 'task', 'model': 'crm__tasks', 'soft_deletes': true, 'id': 'task_id'},
    {'source': 'crm', 'table': 'user', 'model': 'crm__users', 'id': 'user_id'},
    {'source': 'crm', 'table': 'campaign', 'model': 'crm__campaigns', 'id': 'campaign_id'},
    {'source': 'crm', 'table': 'campaign_member', 'model': 'crm__campaign_members', 'id': 'campaign_member_id'},
    {'source': 'provider', 'table': 'companies', 'model': 'provider__companies', 'id': 'provider_company_id'},
    {'source': 'provider', 'table': 'contacts', 'model': 'provider__contacts', 'id': 'provider_contact_id'},
    {'source': 'discovery', 'table': 'locations', 'model': 'discovery__locations', 'id': 'location_id'},
    {'source': 'discovery', 'table': 'decision_makers', 'model': 'discovery__decision_makers', 'id': 'decision_maker_id'},
    {'source': 'engagement', 'table': 'web_sessions', 'model': 'engagement__web_sessions', 'id': 'session_id'},
    {'source': 'engagement', 'table': 'email_events', 'model': 'engagement__email_events', 'id': 'event_id'},
    {'source': 'engagement', 'table': 'form_submissions', 'model': 'engagement__form_submissions', 'id': 'submission_id'},
    {'source': 'engagement', 'table': 'ad_clicks', 'model': 'engagement__ad_clicks', 'id': 'click_id'},
  ]) }}
{% endmacro %}
