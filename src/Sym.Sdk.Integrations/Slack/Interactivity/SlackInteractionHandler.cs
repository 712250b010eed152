using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Sym.Sdk.Flows.Internal;
using Sym.Sdk.Forms;
using Sym.Sdk.Integrations.Slack.Internal;
using Sym.Sdk.Runtime;
using Sym.Sdk.Runtime.Internal;

namespace Sym.Sdk.Integrations.Slack;

/// <summary>
/// Turns what Slack posts to the app into engine calls, independent of the web framework. The host verifies the
/// signature (<see cref="SlackRequestVerifier"/>), passes the raw form body here, sends back
/// <see cref="SlackInteractionResult.StatusCode"/> and <see cref="SlackInteractionResult.Body"/> at once, then runs
/// <see cref="SlackInteractionResult.RunBackgroundAsync"/> so Slack gets its answer within 3 seconds.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><c>/sym req [flow]</c> opens the request modal built from the flow's prompt fields (after <c>OnPromptAsync</c>
/// and prefetch).</item>
/// <item>A submitted modal is validated against the flow before answering: invalid input keeps the modal open with
/// <c>response_action: errors</c> keyed by block; valid input closes it and the request is made in the background.
/// The choice in a select whose options the flow prefetched when the form opened must be one of the options shown:
/// their fingerprints travel in the view's <c>private_metadata</c>. Slack allows 3,000 characters there (about 240
/// options in all); a field whose options do not fit is checked only by the engine's own validation.</item>
/// <item>The buttons of the request message and the requester's DM — approve, deny, cancel, revoke, "I'm done", extend,
/// approve or deny an extension — call the engine as the Slack user, mapped to a Sym user by users.info (email, name, guest flag,
/// Slack identity; <see cref="SlackInteractionOptions.Admins"/> are admins).</item>
/// </list>
/// When the engine ignores an action (not authorized, already decided, …) the person is told in an ephemeral message
/// where they clicked. A malformed body is answered with 400 and a <see cref="SymException"/> (code
/// <c>Slack:INVALID_PAYLOAD</c>), and nothing changes.
/// </remarks>
public sealed class SlackInteractionHandler
{
    private const string Source = "slack";
    private readonly SymEngine _engine;
    private readonly ISlackClient _client;
    private readonly SlackUserCache _users;
    private readonly SlackInteractionOptions _options;
    private readonly ILogger _logger;

    /// <summary>Creates the handler.</summary>
    /// <param name="engine">The engine.</param>
    /// <param name="client">The Slack client (or <c>FakeSlack</c>).</param>
    /// <param name="options">The options, or <see langword="null"/> for the defaults.</param>
    /// <param name="logger">The logger, or <see langword="null"/>.</param>
    /// <remarks>
    /// Slack users are looked up (users.info) through a cache of its own, kept for the default
    /// <see cref="SlackOptions.UserCacheDuration"/>; the handler <c>AddSymSlack</c> registers shares one cache that
    /// follows the configured options and the registered <see cref="TimeProvider"/>.
    /// </remarks>
    public SlackInteractionHandler(SymEngine engine, ISlackClient client, IOptions<SlackInteractionOptions>? options = null,
        ILogger<SlackInteractionHandler>? logger = null)
        : this(engine, client, new SlackUserCache(TimeProvider.System, new SlackOptions().UserCacheDuration), options, logger)
    {
    }

    internal SlackInteractionHandler(SymEngine engine, ISlackClient client, SlackUserCache users, IOptions<SlackInteractionOptions>? options,
        ILogger<SlackInteractionHandler>? logger)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(users);
        _engine = engine;
        _client = client;
        _users = users;
        _options = options?.Value ?? new SlackInteractionOptions();
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>Handles a slash command: <c>/sym req [flow]</c> opens the request modal; anything else gets a usage hint.</summary>
    /// <param name="formBody">The raw <c>application/x-www-form-urlencoded</c> body, after its signature was verified.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>What to answer, and the work to do after answering.</returns>
    public Task<SlackInteractionResult> HandleSlashCommandAsync(string formBody, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(formBody);
        SlackSlashCommand command;
        try
        {
            command = SlackPayloads.ParseSlashCommand(formBody);
        }
        catch (SymException ex)
        {
            return Task.FromResult(Reject(ex));
        }

        if (!string.Equals(command.Command, _options.Command, StringComparison.OrdinalIgnoreCase))
        {
            return Task.FromResult(SlackInteractionResult.Ephemeral($"This app answers {_options.Command}, not {command.Command}."));
        }

        string[] words = command.Text.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (words.Length == 0 || !(words[0].Equals("req", StringComparison.OrdinalIgnoreCase) || words[0].Equals("request", StringComparison.OrdinalIgnoreCase)))
        {
            return Task.FromResult(SlackInteractionResult.Ephemeral($"Usage: `{_options.Command} req [flow]` opens the request form. {FlowList()}"));
        }

        string? flowName = words.Length > 1 ? words[1] : _options.DefaultFlow ?? (_engine.Flows.Count == 1 ? _engine.Flows.First() : null);
        if (flowName is null)
        {
            return Task.FromResult(SlackInteractionResult.Ephemeral($"Name the flow: `{_options.Command} req <flow>`. {FlowList()}"));
        }

        if (_engine.FindFlow(flowName) is not { } flow)
        {
            return Task.FromResult(SlackInteractionResult.Ephemeral($"There is no flow named `{Mrkdwn.Escape(flowName)}`. {FlowList()}"));
        }

        if (string.IsNullOrEmpty(command.TriggerId))
        {
            return Task.FromResult(Reject(SlackErrors.InvalidPayload("the form field 'trigger_id' is missing")));
        }

        string triggerId = command.TriggerId;
        return Task.FromResult(SlackInteractionResult.Ack(ct => OpenRequestModalAsync(flow, command.UserId, command.ChannelId, triggerId, ct)));
    }

    /// <summary>
    /// Handles an interactivity request (<c>payload=…</c>): a request modal's submission, or a click on one of Sym's
    /// buttons. Other payloads are acknowledged and left alone.
    /// </summary>
    /// <param name="formBody">The raw <c>application/x-www-form-urlencoded</c> body, after its signature was verified.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>What to answer, and the work to do after answering.</returns>
    public async Task<SlackInteractionResult> HandleInteractionAsync(string formBody, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(formBody);
        SlackInteraction interaction;
        try
        {
            interaction = SlackPayloads.ParseInteraction(formBody);
        }
        catch (SymException ex)
        {
            return Reject(ex);
        }

        return interaction switch
        {
            SlackViewSubmission submission => await SubmitAsync(submission, cancellationToken).ConfigureAwait(false),
            SlackBlockActions actions => Act(actions),
            _ => SlackInteractionResult.Ack(),
        };
    }

    private async Task OpenRequestModalAsync(FlowDefinition flow, string userId, string? channelId, string triggerId, CancellationToken cancellationToken)
    {
        using SlackInteractionScope.Lease lease = SlackInteractionScope.Enter(userId, channelId);
        try
        {
            User user = await MapUserAsync(userId, cancellationToken).ConfigureAwait(false);
            SymPromptResult prompt = await _engine.PromptAsync(flow.Name, user, Source, cancellationToken).ConfigureAwait(false);
            if (prompt.Status != SymActionStatus.Applied || prompt.Form is null)
            {
                await TellUnlessToldAsync(lease.Scope, prompt.Message ?? "The request form may not be opened.", cancellationToken).ConfigureAwait(false);
                return;
            }

            (IReadOnlyList<PromptField> fields, SlackRequestModalOptions options) = Modal(flow, prompt.Form.Fields);
            options = options with { PrivateMetadata = SlackModalMetadata.Format(flow.Name, fields) };
            await _client.OpenViewAsync(triggerId, SlackRequestModal.Build(fields, options), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            SlackLog.InteractionFailed(_logger, "open-request-form", userId, Describe(ex));
            string text = ex is SymException { ErrorCode: SlackErrorCodes.ExpiredTriggerId }
                ? "Opening the request form took too long. Please run the command again."
                : $"The request form could not be opened: {Describe(ex)}";
            await TellAsync(userId, channelId, text, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<SlackInteractionResult> SubmitAsync(SlackViewSubmission submission, CancellationToken cancellationToken)
    {
        if (submission.CallbackId != new SlackRequestModalOptions().CallbackId)
        {
            return SlackInteractionResult.Ack();
        }

        if (!SlackModalMetadata.TryParse(submission.PrivateMetadata, out string flowName, out IReadOnlyDictionary<string, string> shown)
            || _engine.FindFlow(flowName) is not { } flow)
        {
            return Reject(SlackErrors.InvalidPayload($"the request modal names no registered flow in 'view.private_metadata' ('{submission.PrivateMetadata}')"));
        }

        var offered = new Dictionary<string, string>(StringComparer.Ordinal);
        (IReadOnlyList<PromptField> fields, SlackRequestModalOptions options) = Modal(flow, Prefetched(flow.Form.Fields, submission.StateValues, shown, offered));
        if (offered.Count > 0)
        {
            SlackLog.InteractionRejected(_logger, $"a submitted choice of {string.Join(", ", offered.Keys)} was not among the options shown");
            return Errors(offered);
        }

        SlackFormResult form = SlackRequestModal.Parse(submission, fields, options);
        if (!form.IsValid)
        {
            return SlackInteractionResult.Json(form.ToErrorResponse());
        }

        string firstBlock = options.Targets.Count > 0 ? SlackRequestModal.TargetBlockId : fields.FirstOrDefault(static f => f.Visible)?.Name ?? "duration";
        User user;
        try
        {
            user = await MapUserAsync(submission.User.Id, cancellationToken).ConfigureAwait(false);
        }
        catch (SymException ex)
        {
            SlackLog.InteractionFailed(_logger, "request", submission.User.Id, Describe(ex));
            return Errors(new Dictionary<string, string>(StringComparer.Ordinal) { [firstBlock] = $"Sym could not identify you: {ex.Message}" });
        }

        var request = new AccessRequest
        {
            Flow = flow.Name, Requester = user, Target = form.Target?.Name, Fields = form.Values, SourceChannel = Source,
        };
        try
        {
            _engine.ValidateRequest(request);
        }
        catch (SymRequestValidationException ex)
        {
            var errors = new Dictionary<string, string>(StringComparer.Ordinal);
            var blocks = new HashSet<string>(fields.Where(f => f.Visible).Select(f => f.Name), StringComparer.Ordinal);
            if (options.Targets.Count > 0)
            {
                blocks.Add(SlackRequestModal.TargetBlockId);
            }

            foreach (SymFieldError error in ex.Errors)
            {
                string block = blocks.Contains(error.Field) ? error.Field : firstBlock;
                errors[block] = errors.TryGetValue(block, out string? earlier) ? $"{earlier} {error.Message}" : error.Message;
            }

            return Errors(errors);
        }

        return SlackInteractionResult.Ack(ct => RequestAsync(request, submission.User.Id, ct));
    }

    private async Task RequestAsync(AccessRequest request, string userId, CancellationToken cancellationToken)
    {
        using SlackInteractionScope.Lease lease = SlackInteractionScope.Enter(userId, null);
        lease.Scope.SubmittingRequest = true;
        try
        {
            SymActionResult result = await _engine.RequestAsync(request, cancellationToken).ConfigureAwait(false);
            if (!result.IsApplied)
            {
                await TellUnlessToldAsync(lease.Scope, result.Message ?? "Your request was not submitted.", cancellationToken).ConfigureAwait(false);
            }
            else if (result.Run is { State: SymRunState.Pending } && !SlackMessageReference.TryParseSubmitted(result.Run.MessageReference, out _))
            {
                // The Slack notifier posts the "submitted" DM with the announcement and keeps its reference on the run;
                // without it (another notifier, or its post failed), the confirmation is posted here. A request that is
                // no longer pending (it expired with no destination left, or a hook decided it) was told its outcome.
                await TellAsync(userId, null, SlackRunMessages.Submitted(result.Run), cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            SlackLog.InteractionFailed(_logger, "request", userId, Describe(ex));
            await TellAsync(userId, null, $"Your request could not be submitted: {Describe(ex)}", cancellationToken).ConfigureAwait(false);
        }
    }

    private SlackInteractionResult Act(SlackBlockActions payload)
    {
        SlackAction? action = payload.Actions.FirstOrDefault(static a => a.ActionId.StartsWith("sym_", StringComparison.Ordinal));
        if (action is null)
        {
            return SlackInteractionResult.Ack();
        }

        string? value = action.Value;
        if (string.IsNullOrWhiteSpace(value))
        {
            return Reject(SlackErrors.InvalidPayload($"the action '{action.ActionId}' carries no run id"));
        }

        TimeSpan extension = default;
        string runId = value;
        if (action.ActionId == SlackApprovalMessage.ExtendActionId)
        {
            int bar = value.IndexOf('|', StringComparison.Ordinal);
            if (bar <= 0 || !SymDuration.TryParse(value[(bar + 1)..], out extension))
            {
                return Reject(SlackErrors.InvalidPayload($"the extend option '{value}' is not 'runId|duration'"));
            }

            runId = value[..bar];
        }

        Func<User, CancellationToken, Task<SymActionResult>>? call = action.ActionId switch
        {
            SlackApprovalMessage.ApproveActionId => (u, ct) => _engine.ApproveAsync(runId, u, null, ct),
            SlackApprovalMessage.DenyActionId => (u, ct) => _engine.DenyAsync(runId, u, null, ct),
            SlackApprovalMessage.CancelActionId => (u, ct) => _engine.CancelAsync(runId, u, ct),
            SlackApprovalMessage.RevokeActionId => (u, ct) => _engine.RevokeAsync(runId, u, null, ct),
            SlackApprovalMessage.RelinquishActionId => (u, ct) => _engine.RelinquishAsync(runId, u, ct),
            SlackApprovalMessage.ExtendActionId => (u, ct) => _engine.ExtendAsync(runId, u, extension, null, ct),
            SlackApprovalMessage.ApproveExtensionActionId => (u, ct) => _engine.ApproveExtensionAsync(runId, u, ct),
            SlackApprovalMessage.DenyExtensionActionId => (u, ct) => _engine.DenyExtensionAsync(runId, u, null, ct),
            _ => null,
        };
        if (call is null)
        {
            return SlackInteractionResult.Ack();
        }

        string userId = payload.User.Id;
        string? channelId = payload.ChannelId;
        SlackMessageRef? clicked = payload.Message;
        return SlackInteractionResult.Ack(ct => ActAsync(action.ActionId, userId, channelId, clicked, call, ct));
    }

    private async Task ActAsync(string actionId, string userId, string? channelId, SlackMessageRef? clicked,
        Func<User, CancellationToken, Task<SymActionResult>> call, CancellationToken cancellationToken)
    {
        using SlackInteractionScope.Lease lease = SlackInteractionScope.Enter(userId, channelId);
        try
        {
            User user = await MapUserAsync(userId, cancellationToken).ConfigureAwait(false);
            SymActionResult result = await call(user, cancellationToken).ConfigureAwait(false);
            if (!result.IsApplied)
            {
                await TellUnlessToldAsync(lease.Scope, result.Message ?? "Your action was not applied.", cancellationToken).ConfigureAwait(false);
            }

            // A Cancel click that ended the request, or came too late (a DM the run keeps no reference to, so nothing
            // retired its button when the request was decided): either way that DM's button goes.
            if (actionId == SlackApprovalMessage.CancelActionId && clicked is not null && result.Run is { State: not SymRunState.Pending } run)
            {
                await RetireSubmittedAsync(run, userId, clicked, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (SymNotFoundException ex) when (ex.ErrorCode == "SymSDK:RUN_NOT_FOUND")
        {
            await TellAsync(userId, channelId, "This request no longer exists.", cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            SlackLog.InteractionFailed(_logger, actionId, userId, Describe(ex));
            string text = ex is SymRequestValidationException invalid
                ? string.Join(" ", invalid.Errors.Select(static e => e.Message))
                : $"Your action could not be processed: {Describe(ex)}";
            await TellAsync(userId, channelId, text, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// After a Cancel click on the requester's "submitted" DM once the request has left Pending (cancelled by the click
    /// or decided before it), replaces that DM with the outcome so its Cancel button goes; the request message itself is
    /// updated by the notifier, like any engine-driven change.
    /// </summary>
    private async Task RetireSubmittedAsync(SymRun run, string userId, SlackMessageRef clicked, CancellationToken cancellationToken)
    {
        // The clicked message is the requester's DM when it is not the run's request message: known from the run's
        // reference, or, where the run keeps none (another notifier, or its post failed), from the channel (Slack's DM
        // ids start with D). A DM whose reference the run keeps is the notifier's to retire.
        bool isDm = SlackMessageReference.TryParse(run.MessageReference, out SlackMessageRef request)
            ? request != clicked
            : clicked.ChannelId.StartsWith('D');
        if (!isDm
            || (SlackMessageReference.TryParseSubmitted(run.MessageReference, out SlackMessageRef submitted) && submitted == clicked)
            || SlackRunMessages.SubmittedSettled(run) is not { } settled)
        {
            return;
        }

        try
        {
            await _client.UpdateMessageAsync(clicked, settled, cancellationToken).ConfigureAwait(false);
        }
        catch (SymException ex)
        {
            SlackLog.InteractionFailed(_logger, "update-submitted", userId, Describe(ex));
        }
    }

    /// <summary>The Sym user behind a Slack user: their email as username, name, guest flag and Slack identity.</summary>
    private async Task<User> MapUserAsync(string userId, CancellationToken cancellationToken)
    {
        SlackUserInfo info = await _users.GetUserAsync(_client, userId, cancellationToken).ConfigureAwait(false);
        if (string.IsNullOrWhiteSpace(info.Email))
        {
            throw new SymException("Slack:USER_EMAIL_MISSING", $"Slack user {info.Id} has no email visible to the app.",
                "Give the app the users:read.email scope; Sym identifies people by email.");
        }

        bool admin = _options.Admins.Contains(info.Id) || _options.Admins.Contains(info.Email);
        return new User
        {
            Username = info.Email,
            Email = info.Email,
            Name = info.RealName ?? info.DisplayName ?? info.Name,
            Role = admin ? UserRole.Admin : info.IsRestricted ? UserRole.Guest : UserRole.Member,
            Type = info.IsBot ? UserType.Bot : UserType.Normal,
            Identities = [new UserIdentity { Service = "slack", ServiceId = info.TeamId, UserId = info.Id }],
        };
    }

    /// <summary>The modal's fields (with a duration select when the flow has no duration field) and options.</summary>
    private static (IReadOnlyList<PromptField> Fields, SlackRequestModalOptions Options) Modal(FlowDefinition flow, IReadOnlyList<PromptField> fields)
    {
        List<TimeSpan> durations = flow.AllowedDurations.Count > 0
            ? [.. flow.AllowedDurations]
            : [.. new SlackRequestModalOptions().Durations.Where(d => flow.MaxDuration is not { } max || d <= max)];
        if (durations.Count == 0 && flow.MaxDuration is { } onlyMax)
        {
            durations.Add(onlyMax);
        }

        var list = new List<PromptField>(fields.Count + 1);
        if (!fields.Any(static f => f.Name == "duration"))
        {
            list.Add(new PromptField { Name = "duration", Type = FieldType.Duration, Label = "Duration", Required = true });
        }

        list.AddRange(fields);
        var options = new SlackRequestModalOptions
        {
            Title = flow.Model.Label ?? flow.Name,
            PrivateMetadata = flow.Name,
            Targets = flow.Model.Strategy?.Targets ?? [],
            Durations = durations,
        };
        return (list, options);
    }

    /// <summary>
    /// The prefetched fields with their submitted choices as allowed values, once each choice is checked against the
    /// options the modal showed (their fingerprints travel in <c>private_metadata</c>, see
    /// <see cref="SlackModalMetadata"/>); a choice that was not shown adds an error for its block to
    /// <paramref name="errors"/>.
    /// </summary>
    /// <remarks>
    /// A field whose options did not fit in <c>private_metadata</c> (or a modal opened by an older version) has no
    /// fingerprints: its choice is taken as offered and only the engine's own validation applies.
    /// </remarks>
    private static List<PromptField> Prefetched(IReadOnlyList<PromptField> fields, JsonElement state, IReadOnlyDictionary<string, string> shown,
        Dictionary<string, string> errors)
    {
        var list = new List<PromptField>(fields.Count);
        foreach (PromptField field in fields)
        {
            if (field.Prefetch && state.ValueKind == JsonValueKind.Object && state.TryGetProperty(field.Name, out JsonElement block)
                && block.ValueKind == JsonValueKind.Object && block.TryGetProperty(field.Name, out JsonElement action) && action.ValueKind == JsonValueKind.Object)
            {
                var chosen = new List<FieldOption>();
                if (action.TryGetProperty("selected_option", out JsonElement one) && one.ValueKind == JsonValueKind.Object
                    && one.TryGetProperty("value", out JsonElement v) && v.ValueKind == JsonValueKind.String)
                {
                    chosen.Add(new FieldOption(v.GetString()!));
                }
                else if (action.TryGetProperty("selected_options", out JsonElement many) && many.ValueKind == JsonValueKind.Array)
                {
                    foreach (JsonElement o in many.EnumerateArray())
                    {
                        if (o.ValueKind == JsonValueKind.Object && o.TryGetProperty("value", out JsonElement mv) && mv.ValueKind == JsonValueKind.String
                            && !chosen.Exists(c => mv.ValueEquals(c.Value)))
                        {
                            chosen.Add(new FieldOption(mv.GetString()!));
                        }
                    }
                }

                if (chosen.Count > 0)
                {
                    if (shown.TryGetValue(field.Name, out string? fingerprints) && !chosen.TrueForAll(o => SlackModalMetadata.WasShown(fingerprints, o.Value)))
                    {
                        errors[field.Name] = "Choose one of the listed options.";
                    }

                    list.Add(field with { AllowedValues = chosen });
                    continue;
                }
            }

            list.Add(field);
        }

        return list;
    }

    private async Task TellUnlessToldAsync(SlackInteractionScope scope, string message, CancellationToken cancellationToken)
    {
        if (!scope.UserNotified)
        {
            await TellAsync(scope.UserId, scope.ChannelId, message, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Tells a person something: ephemeral in the conversation they acted in, else (or if that fails) in the app's DM.</summary>
    private Task TellAsync(string userId, string? channelId, string text, CancellationToken cancellationToken) =>
        TellAsync(userId, channelId, new SlackMessage(text), cancellationToken);

    /// <inheritdoc cref="TellAsync(string, string?, string, CancellationToken)"/>
    private async Task TellAsync(string userId, string? channelId, SlackMessage message, CancellationToken cancellationToken)
    {
        try
        {
            if (channelId is not null)
            {
                try
                {
                    await _client.PostEphemeralAsync(channelId, userId, message, cancellationToken).ConfigureAwait(false);
                    return;
                }
                catch (SymException ex) when (ex is not SymAuthenticationException)
                {
                    SlackLog.InteractionFailed(_logger, "tell-ephemeral", userId, Describe(ex));
                }
            }

            await _client.PostMessageAsync(userId, message, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            SlackLog.InteractionFailed(_logger, "tell", userId, Describe(ex));
        }
    }

    private SlackInteractionResult Reject(SymException error)
    {
        SlackLog.InteractionRejected(_logger, error.Message);
        return SlackInteractionResult.Rejected(error);
    }

    private static SlackInteractionResult Errors(Dictionary<string, string> errors)
    {
        var body = new JsonObject();
        foreach ((string block, string message) in errors)
        {
            body[block] = message;
        }

        return SlackInteractionResult.Json(new JsonObject { ["response_action"] = "errors", ["errors"] = body });
    }

    private string FlowList() => $"Flows: {string.Join(", ", _engine.Flows.Order(StringComparer.Ordinal).Select(static f => $"`{f}`"))}.";

    private static string Describe(Exception ex) =>
        SecretRedactor.Redact(ex is SymException sym ? $"{sym.ErrorCode}: {sym.Message}" : $"{ex.GetType().Name}: {ex.Message}");
}
