using System.Collections.Concurrent;
using Sym.Sdk.Flows;
using Sym.Sdk.Forms;
using Sym.Sdk.Requests;
using Sym.Sdk.Templates;

namespace Sym.Sdk.Tests.Runtime;

/// <summary>A flow implementation whose hooks and reducers a test sets, recording every call.</summary>
internal sealed class ScriptedFlow : FlowImplementation
{
    public ConcurrentQueue<(string Hook, Event Event)> Calls { get; } = new();

    public Dictionary<string, Func<Event, TemplateStep?>> On { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, Action<Event>> After { get; } = new(StringComparer.Ordinal);

    public Func<Event, RequestPermission?>? Permissions { get; set; }

    public Func<Event, IReadOnlyList<Notification>?>? Notifications { get; set; }

    public Func<Event, RequestDestination?>? Approvers { get; set; }

    public Func<Event, UserIdentity?>? Identity { get; set; }

    public IReadOnlyList<string> HookNames => Calls.Select(c => c.Hook).ToList();

    public override ValueTask<RequestPermission?> GetPermissionsAsync(Event evt, CancellationToken cancellationToken = default) =>
        new(Record("GetPermissions", evt, Permissions));

    public override ValueTask<IReadOnlyList<Notification>?> GetRequestNotificationsAsync(Event evt, CancellationToken cancellationToken = default) =>
        new(Record("GetRequestNotifications", evt, Notifications));

    public override ValueTask<RequestDestination?> GetApproversAsync(Event evt, CancellationToken cancellationToken = default) =>
        new(Record("GetApprovers", evt, Approvers));

    public override ValueTask<UserIdentity?> GetIdentityAsync(Event evt, CancellationToken cancellationToken = default) =>
        new(Record("GetIdentity", evt, Identity));

    public Func<PromptField, IReadOnlyList<FieldOption>?>? Prefetch { get; set; }

    public override ValueTask<IReadOnlyList<FieldOption>?> PrefetchFieldOptionsAsync(PromptField field, Event evt, CancellationToken cancellationToken = default) =>
        new(Record("Prefetch", evt, _ => Prefetch?.Invoke(field)));

    public Func<PromptField, PromptForm, Event, PromptForm?>? FieldChange { get; set; }

    public override ValueTask<PromptForm?> OnFieldChangeAsync(PromptField field, PromptForm form, Event evt, CancellationToken cancellationToken = default) =>
        new(Record("OnFieldChange", evt, e => FieldChange?.Invoke(field, form, e)));

    public override ValueTask<TemplateStep?> OnPromptAsync(Event evt, CancellationToken cancellationToken = default) => Hook("OnPrompt", "prompt", evt);

    public override ValueTask AfterPromptAsync(Event evt, CancellationToken cancellationToken = default) => AfterHook("AfterPrompt", "prompt", evt);

    public override ValueTask<TemplateStep?> OnRequestAsync(Event evt, CancellationToken cancellationToken = default) => Hook("OnRequest", "request", evt);

    public override ValueTask<TemplateStep?> OnRequestForwardAsync(Event evt, CancellationToken cancellationToken = default) => Hook("OnRequestForward", "request_forward", evt);

    public override ValueTask<TemplateStep?> OnRequestExpireAsync(Event evt, CancellationToken cancellationToken = default) => Hook("OnRequestExpire", "request_expire", evt);

    public override ValueTask<TemplateStep?> OnApproveAsync(Event evt, CancellationToken cancellationToken = default) => Hook("OnApprove", "approve", evt);

    public override ValueTask<TemplateStep?> OnDenyAsync(Event evt, CancellationToken cancellationToken = default) => Hook("OnDeny", "deny", evt);

    public override ValueTask<TemplateStep?> OnEscalateAsync(Event evt, CancellationToken cancellationToken = default) => Hook("OnEscalate", "escalate", evt);

    public override ValueTask<TemplateStep?> OnDeescalateAsync(Event evt, CancellationToken cancellationToken = default) => Hook("OnDeescalate", "deescalate", evt);

    public override ValueTask AfterRequestAsync(Event evt, CancellationToken cancellationToken = default) => AfterHook("AfterRequest", "request", evt);

    public override ValueTask AfterRequestForwardAsync(Event evt, CancellationToken cancellationToken = default) => AfterHook("AfterRequestForward", "request_forward", evt);

    public override ValueTask AfterRequestExpireAsync(Event evt, CancellationToken cancellationToken = default) => AfterHook("AfterRequestExpire", "request_expire", evt);

    public override ValueTask AfterApproveAsync(Event evt, CancellationToken cancellationToken = default) => AfterHook("AfterApprove", "approve", evt);

    public override ValueTask AfterDenyAsync(Event evt, CancellationToken cancellationToken = default) => AfterHook("AfterDeny", "deny", evt);

    public override ValueTask AfterEscalateAsync(Event evt, CancellationToken cancellationToken = default) => AfterHook("AfterEscalate", "escalate", evt);

    public override ValueTask AfterDeescalateAsync(Event evt, CancellationToken cancellationToken = default) => AfterHook("AfterDeescalate", "deescalate", evt);

    private T? Record<T>(string name, Event evt, Func<Event, T?>? f)
    {
        Calls.Enqueue((name, evt));
        return f is null ? default : f(evt);
    }

    private ValueTask<TemplateStep?> Hook(string name, string step, Event evt)
    {
        Calls.Enqueue((name, evt));
        return new(On.TryGetValue(step, out Func<Event, TemplateStep?>? f) ? f(evt) : null);
    }

    private ValueTask AfterHook(string name, string step, Event evt)
    {
        Calls.Enqueue((name, evt));
        if (After.TryGetValue(step, out Action<Event>? a))
        {
            a(evt);
        }

        return default;
    }
}
