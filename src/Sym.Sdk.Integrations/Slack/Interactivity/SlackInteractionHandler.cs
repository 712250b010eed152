using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Sym.Sdk.Forms;
using Sym.Sdk.FrontEnds;
using Sym.Sdk.Integrations.Slack.Internal;
using Sym.Sdk.Runtime;
using Sym.Sdk.Runtime.Internal;

namespace Sym.Sdk.Integrations.Slack;

/// <summary>
/// Turns what Slack posts to the app into engine calls, independent of the web framework, in two parts. The quick part,
/// <see cref="HandleSlashCommandAsync"/> and <see cref="HandleInteractionAsync"/>, parses the verified body and decides
/// the answer Slack must get within 3 seconds (<see cref="SlackInteractionResult.StatusCode"/> and
/// <see cref="SlackInteractionResult.Body"/>). The slow part, <see cref="ProcessAsync"/>, does the work after the
/// answer (opening the modal, calling the engine, telling the person), from the raw body alone, so a host that records
/// the body before answering can run it again after a crash. <see cref="SlackInteractionResult.RunBackgroundAsync"/>
/// runs it for a host that keeps nothing.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><c>/sym req [flow]</c> opens the request modal built from the flow's prompt fields (after <c>OnPromptAsync</c>
/// and prefetch).</item>
/// <item>A submitted modal is validated against the flow before answering: invalid input keeps the modal open with
/// <c>response_action: errors</c> keyed by block; valid input closes it and the request is made in the slow part. The
/// answer never waits on Slack's Web API: who submitted is known from users.info's cache (opening the modal looked them
/// up); when it is not, the fields are checked for a member, and what depends on the person (a guest in a flow without
/// guests, a Slack user without an email) is told to them after the answer, in a DM. The
/// choice in a select whose options the flow prefetched when the form opened must be one of the options shown: their
/// fingerprints travel in the view's <c>private_metadata</c>. Slack allows 3,000 characters there (about 240 options in
/// all); a field whose options do not fit is checked only by the engine's own validation. The request's
/// <see cref="AccessRequest.RequestId"/> comes from the delivery (<see cref="GetDeliveryId"/>), so a submission processed
/// twice creates one request.</item>
/// <item>The buttons of the request message and the requester's DM — approve, deny, cancel, revoke, "I'm done", extend,
/// approve or deny an extension — call the engine as the Slack user, mapped to a Sym user by users.info (email, name, guest
/// flag, Slack identity; <see cref="SlackInteractionOptions.Admins"/> are admins). A click processed twice is harmless:
/// the engine ignores the second.</item>
/// </list>
/// When the engine ignores an action (not authorized, already decided, …) or it fails, the handler tells the person once:
/// in an ephemeral message where they clicked, else in the app's DM with them. (Ephemeral messages cannot be looked up
/// afterwards, so a delivery processed again after a crash between telling and finishing may tell them again; an action
/// the same person's earlier attempt already applied is not reported.) A malformed body is answered with 400 and a
/// <see cref="SymException"/> (code <c>Slack:INVALID_PAYLOAD</c>), and nothing changes.
/// </remarks>
public sealed class SlackInteractionHandler
{
    /// <summary>The <see cref="SlackDelivery.Source"/> of a slash command.</summary>
    public const string CommandSource = "slack/commands";

    /// <summary>The <see cref="SlackDelivery.Source"/> of an interactivity request (a modal submission or a click).</summary>
    public const string InteractionSource = "slack/interactions";

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
    /// follows the configured options and the registered <see cref="TimeProvider"/>. Whether the handler posts the
    /// requester's "submitted" DM is <see cref="SlackInteractionOptions.ConfirmSubmissions"/>.
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

    /// <summary>
    /// The id of a delivery: the lowercase hex SHA-256 of its raw body, 64 characters. The same request received twice
    /// (a retry, a replay of the same signed body) has the same id, so a host can recognise it (the hosting inbox's item
    /// id). A submitted request's <see cref="AccessRequest.RequestId"/> is its first 32 characters.
    /// </summary>
    /// <param name="body">The raw body.</param>
    /// <returns>The id.</returns>
    public static string GetDeliveryId(string body)
    {
        ArgumentNullException.ThrowIfNull(body);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(body)));
    }

    /// <summary>Handles a slash command: <c>/sym req [flow]</c> opens the request modal; anything else gets a usage hint.</summary>
    /// <param name="formBody">The raw <c>application/x-www-form-urlencoded</c> body, after its signature was verified.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>What to answer, and whether there is work to do after answering (<see cref="ProcessAsync"/> with <see cref="CommandSource"/>).</returns>
    public Task<SlackInteractionResult> HandleSlashCommandAsync(string formBody, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(formBody);
        return Task.FromResult(Logged(Command(formBody, out _, out _)));
    }

    /// <summary>
    /// Handles an interactivity request (<c>payload=…</c>): a request modal's submission, or a click on one of Sym's
    /// buttons. Other payloads are acknowledged and left alone.
    /// </summary>
    /// <param name="formBody">The raw <c>application/x-www-form-urlencoded</c> body, after its signature was verified.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>What to answer, and whether there is work to do after answering (<see cref="ProcessAsync"/> with <see cref="InteractionSource"/>).</returns>
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

        switch (interaction)
        {
            case SlackViewSubmission submission:
                (SlackInteractionResult answer, AccessRequest? request) = await SubmissionAsync(submission, acknowledging: true, cancellationToken)
                    .ConfigureAwait(false);
                if (request is null)
                {
                    return Logged(answer);
                }

                break;
            case SlackBlockActions actions:
                SlackInteractionResult clickAnswer = Click(actions, out ClickedAction? clicked);
                if (clicked is null)
                {
                    return Logged(clickAnswer);
                }

                break;
            default:
                return SlackInteractionResult.Ack();
        }

        return SlackInteractionResult.Ack(ct => ProcessAsync(new SlackDelivery { Source = InteractionSource, Body = formBody }, ct));
    }

    /// <summary>
    /// Does the slow part of a delivery whose quick part answered with <see cref="SlackInteractionResult.HasBackgroundWork"/>:
    /// opens the request modal, makes the submitted request, or applies the click, as the Slack user, and tells them when
    /// the engine ignored or failed their action. It works from the raw body alone (parsed and checked again), so it can
    /// run in another process after a crash; a submission processed twice makes one request (its request id comes from
    /// <see cref="GetDeliveryId"/>), and a click processed twice changes nothing the second time.
    /// </summary>
    /// <param name="delivery">The delivery.</param>
    /// <param name="cancellationToken">Cancels the work, for example when the host stops (the delivery can be processed again).</param>
    /// <returns>A task that completes when the work is done.</returns>
    /// <exception cref="ArgumentException">The source is not one of the handler's.</exception>
    /// <exception cref="Exception">
    /// Only with <see cref="SlackDelivery.CanRetry"/>: a failure that may pass (the store or Slack unavailable, a
    /// concurrency conflict) before anything was told, for the caller to process the delivery again later. A slash
    /// command never throws: its trigger id is good for 3 seconds, so trying later cannot open the modal.
    /// </exception>
    public Task ProcessAsync(SlackDelivery delivery, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        ArgumentNullException.ThrowIfNull(delivery.Body);
        switch (delivery.Source)
        {
            case CommandSource:
                _ = Command(delivery.Body, out FlowDescriptor? flow, out SlackSlashCommand? command);
                return flow is not null && command is not null ? OpenRequestModalAsync(flow, command, cancellationToken) : Task.CompletedTask;
            case InteractionSource:
                return ProcessInteractionAsync(delivery, cancellationToken);
            default:
                throw new ArgumentException($"A Slack delivery comes from '{CommandSource}' or '{InteractionSource}', not '{delivery.Source}'.", nameof(delivery));
        }
    }

    /// <summary>The answer to a slash command; a command that opens the modal gets an empty 200 with background work.</summary>
    private SlackInteractionResult Command(string formBody, out FlowDescriptor? flow, out SlackSlashCommand? command)
    {
        flow = null;
        command = null;
        try
        {
            command = SlackPayloads.ParseSlashCommand(formBody);
        }
        catch (SymException ex)
        {
            return SlackInteractionResult.Rejected(ex);
        }

        if (!string.Equals(command.Command, _options.Command, StringComparison.OrdinalIgnoreCase))
        {
            return SlackInteractionResult.Ephemeral($"This app answers {_options.Command}, not {command.Command}.");
        }

        string[] words = command.Text.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (words.Length == 0 || !(words[0].Equals("req", StringComparison.OrdinalIgnoreCase) || words[0].Equals("request", StringComparison.OrdinalIgnoreCase)))
        {
            return SlackInteractionResult.Ephemeral($"Usage: `{_options.Command} req [flow]` opens the request form. {FlowList()}");
        }

        string? flowName = words.Length > 1 ? words[1] : _options.DefaultFlow ?? (_engine.FlowCatalog.Count == 1 ? _engine.FlowCatalog[0].Name : null);
        if (flowName is null)
        {
            return SlackInteractionResult.Ephemeral($"Name the flow: `{_options.Command} req <flow>`. {FlowList()}");
        }

        if (_engine.FindFlow(flowName) is not { } found)
        {
            return SlackInteractionResult.Ephemeral($"There is no flow named `{Mrkdwn.Escape(flowName)}`. {FlowList()}");
        }

        if (string.IsNullOrEmpty(command.TriggerId))
        {
            return SlackInteractionResult.Rejected(SlackErrors.InvalidPayload("the form field 'trigger_id' is missing"));
        }

        flow = found;
        string body = formBody;
        return SlackInteractionResult.Ack(ct => ProcessAsync(new SlackDelivery { Source = CommandSource, Body = body }, ct));
    }

    private async Task ProcessInteractionAsync(SlackDelivery delivery, CancellationToken cancellationToken)
    {
        SlackInteraction interaction;
        try
        {
            interaction = SlackPayloads.ParseInteraction(delivery.Body);
        }
        catch (SymException ex)
        {
            SlackLog.InteractionRejected(_logger, ex.Message);
            return;
        }

        switch (interaction)
        {
            case SlackViewSubmission submission:
                await RequestAsync(submission, delivery, cancellationToken).ConfigureAwait(false);
                break;
            case SlackBlockActions actions:
                _ = Click(actions, out ClickedAction? clicked);
                if (clicked is not null)
                {
                    await ActAsync(clicked, delivery, cancellationToken).ConfigureAwait(false);
                }

                break;
        }
    }

    private async Task OpenRequestModalAsync(FlowDescriptor flow, SlackSlashCommand command, CancellationToken cancellationToken)
    {
        string userId = command.UserId;
        try
        {
            User user = await MapUserAsync(userId, cancellationToken).ConfigureAwait(false);
            SymPromptResult prompt = await _engine.PromptAsync(flow.Name, user, Source, cancellationToken).ConfigureAwait(false);
            if (prompt.Status != SymActionStatus.Applied || prompt.Form is null)
            {
                await TellAsync(userId, command.ChannelId, prompt.Message ?? "The request form may not be opened.", cancellationToken).ConfigureAwait(false);
                return;
            }

            (IReadOnlyList<PromptField> fields, SlackRequestModalOptions options) = Modal(flow, prompt.Form.Fields);
            options = options with { PrivateMetadata = SlackModalMetadata.Format(flow.Name, fields) };
            await _client.OpenViewAsync(command.TriggerId!, SlackRequestModal.Build(fields, options), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            SlackLog.InteractionFailed(_logger, "open-request-form", userId, Describe(ex));
            string text = ex is SymException { ErrorCode: SlackErrorCodes.ExpiredTriggerId }
                ? "Opening the request form took too long. Please run the command again."
                : $"The request form could not be opened: {Describe(ex)}";
            await TellAsync(userId, command.ChannelId, text, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Checks a submitted request modal and builds its request: the answer is an empty 200 with the request, or the
    /// modal's errors (or a rejection) without one. <paramref name="acknowledging"/> (the quick part) never calls Slack:
    /// a submitter users.info has not cached is checked as a member, and the request it builds is only for the check.
    /// </summary>
    private async Task<(SlackInteractionResult Answer, AccessRequest? Request)> SubmissionAsync(SlackViewSubmission submission, bool acknowledging,
        CancellationToken cancellationToken)
    {
        if (submission.CallbackId != new SlackRequestModalOptions().CallbackId)
        {
            return (SlackInteractionResult.Ack(), null); // not ours: acknowledged, nothing to do
        }

        if (!SlackModalMetadata.TryParse(submission.PrivateMetadata, out string flowName, out IReadOnlyDictionary<string, string> shown)
            || _engine.FindFlow(flowName) is not { } flow)
        {
            return (SlackInteractionResult.Rejected(
                SlackErrors.InvalidPayload($"the request modal names no registered flow in 'view.private_metadata' ('{submission.PrivateMetadata}')")), null);
        }

        var offered = new Dictionary<string, string>(StringComparer.Ordinal);
        (IReadOnlyList<PromptField> fields, SlackRequestModalOptions options) = Modal(flow, Prefetched(flow.Fields, submission.StateValues, shown, offered));
        if (offered.Count > 0)
        {
            SlackLog.InteractionRejected(_logger, $"a submitted choice of {string.Join(", ", offered.Keys)} was not among the options shown");
            return (Errors(offered), null);
        }

        SlackFormResult form = SlackRequestModal.Parse(submission, fields, options);
        if (!form.IsValid)
        {
            return (SlackInteractionResult.Json(form.ToErrorResponse()), null);
        }

        string firstBlock = options.Targets.Count > 0 ? SlackRequestModal.TargetBlockId : fields.FirstOrDefault(static f => f.Visible)?.Name ?? "duration";
        User user;
        if (acknowledging && !_users.TryGetCached(submission.User.Id, out _))
        {
            // The answer has 3 seconds and never waits on Slack's Web API: unless users.info is cached (opening the modal
            // looked them up), the request is checked as a member's now and again, as the person, after the answer.
            user = Unidentified(submission.User);
        }
        else
        {
            try
            {
                user = await MapUserAsync(submission.User.Id, cancellationToken).ConfigureAwait(false);
            }
            catch (SymException ex) when (acknowledging || SlackErrors.IsPermanent(ex))
            {
                // After the answer, a lookup that may pass (Slack unreachable, throttled) is thrown instead: the delivery is
                // kept and processed again, rather than telling the person their request failed.
                SlackLog.InteractionFailed(_logger, "request", submission.User.Id, Describe(ex));
                return (Errors(new Dictionary<string, string>(StringComparer.Ordinal) { [firstBlock] = $"Sym could not identify you: {ex.Message}" }), null);
            }
        }

        var request = new AccessRequest
        {
            Flow = flow.Name, Requester = user, Target = form.Target?.Name, Fields = form.Values, SourceChannel = Source,
        };
        RequestValidationResult validation = _engine.ValidateRequest(request);
        if (!validation.IsValid)
        {
            var errors = new Dictionary<string, string>(StringComparer.Ordinal);
            var blocks = new HashSet<string>(fields.Where(f => f.Visible).Select(f => f.Name), StringComparer.Ordinal);
            if (options.Targets.Count > 0)
            {
                blocks.Add(SlackRequestModal.TargetBlockId);
            }

            foreach (SymFieldError error in validation.Errors)
            {
                string block = blocks.Contains(error.Field) ? error.Field : firstBlock;
                errors[block] = errors.TryGetValue(block, out string? earlier) ? $"{earlier} {error.Message}" : error.Message;
            }

            return (Errors(errors), null);
        }

        return (SlackInteractionResult.Ack(), request);
    }

    private async Task RequestAsync(SlackViewSubmission submission, SlackDelivery delivery, CancellationToken cancellationToken)
    {
        string userId = submission.User.Id;
        try
        {
            (SlackInteractionResult answer, AccessRequest? built) = await SubmissionAsync(submission, acknowledging: false, cancellationToken).ConfigureAwait(false);
            if (built is null)
            {
                // Valid when acknowledged, refused now (the flow changed, or the person could not be looked up): say so.
                string? why = answer.Error?.Message ?? (answer.Body is { } body ? ErrorsText(body) : null);
                if (why is not null)
                {
                    await TellAsync(userId, null, $"Your request could not be submitted: {why}", cancellationToken).ConfigureAwait(false);
                }

                return;
            }

            AccessRequest request = built with { RequestId = GetDeliveryId(delivery.Body)[..32] };
            SymActionResult result = await _engine.RequestAsync(request, cancellationToken).ConfigureAwait(false);
            if (result.Status == SymActionStatus.Ignored && result.Run?.Id == request.RequestId)
            {
                return; // processed before (the same delivery again): the request stands, and its requester was told then
            }

            if (!result.IsApplied)
            {
                await TellAsync(userId, null, result.Message ?? "Your request was not submitted.", cancellationToken).ConfigureAwait(false);
            }
            else if (_options.ConfirmSubmissions && result.Run is { State: SymRunState.Pending } run)
            {
                // SlackNotifier posts the "submitted" DM with the announcement; under another notifier the handler does.
                await TellAsync(userId, null, SlackRunMessages.Submitted(run), cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (Retryable(ex, delivery, cancellationToken))
        {
            SlackLog.InteractionRetryable(_logger, "request", userId, Describe(ex));
            throw;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            SlackLog.InteractionFailed(_logger, "request", userId, Describe(ex));
            await TellAsync(userId, null, $"Your request could not be submitted: {Describe(ex)}", cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Checks a click on one of Sym's buttons: an empty 200 with background work and the action to take; an empty 200
    /// without work for someone else's button; or a rejection.
    /// </summary>
    private static SlackInteractionResult Click(SlackBlockActions payload, out ClickedAction? clicked)
    {
        clicked = null;
        SlackAction? action = payload.Actions.FirstOrDefault(static a => a.ActionId.StartsWith("sym_", StringComparison.Ordinal));
        if (action is null || !ClickedAction.IsKnown(action.ActionId))
        {
            return SlackInteractionResult.Ack();
        }

        string? value = action.Value;
        if (string.IsNullOrWhiteSpace(value))
        {
            return SlackInteractionResult.Rejected(SlackErrors.InvalidPayload($"the action '{action.ActionId}' carries no run id"));
        }

        TimeSpan extension = default;
        string runId = value;
        if (action.ActionId == SlackApprovalMessage.ExtendActionId)
        {
            int bar = value.IndexOf('|', StringComparison.Ordinal);
            if (bar <= 0 || !SymDuration.TryParse(value[(bar + 1)..], out extension))
            {
                return SlackInteractionResult.Rejected(SlackErrors.InvalidPayload($"the extend option '{value}' is not 'runId|duration'"));
            }

            runId = value[..bar];
        }

        clicked = new ClickedAction(action.ActionId, runId, extension, payload.User.Id, payload.ChannelId, payload.Message);
        return SlackInteractionResult.Ack();
    }

    private async Task ActAsync(ClickedAction action, SlackDelivery delivery, CancellationToken cancellationToken)
    {
        string userId = action.UserId;
        try
        {
            User user = await MapUserAsync(userId, cancellationToken).ConfigureAwait(false);
            SymActionResult result = await CallAsync(action, user, cancellationToken).ConfigureAwait(false);
            if (!result.IsApplied && !await ActedBeforeAsync(result.Run, user, delivery, cancellationToken).ConfigureAwait(false))
            {
                await TellAsync(userId, action.ChannelId, result.Message ?? "Your action was not applied.", cancellationToken).ConfigureAwait(false);
            }

            // A Cancel click that ended the request, or came too late (a DM the run keeps no reference to, so nothing
            // retired its button when the request was decided): either way that DM's button goes.
            if (action.ActionId == SlackApprovalMessage.CancelActionId && action.Clicked is { } clicked && result.Run is { State: not SymRunState.Pending } run)
            {
                await RetireSubmittedAsync(run, userId, clicked, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (SymNotFoundException ex) when (ex.ErrorCode == SymErrorCodes.RunNotFound)
        {
            await TellAsync(userId, action.ChannelId, "This request no longer exists.", cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (Retryable(ex, delivery, cancellationToken))
        {
            SlackLog.InteractionRetryable(_logger, action.ActionId, userId, Describe(ex));
            throw;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            SlackLog.InteractionFailed(_logger, action.ActionId, userId, Describe(ex));
            string text = ex is SymRequestValidationException invalid
                ? string.Join(" ", invalid.Errors.Select(static e => e.Message))
                : $"Your action could not be processed: {Describe(ex)}";
            await TellAsync(userId, action.ChannelId, text, cancellationToken).ConfigureAwait(false);
        }
    }

    private Task<SymActionResult> CallAsync(ClickedAction action, User user, CancellationToken cancellationToken) => action.ActionId switch
    {
        SlackApprovalMessage.ApproveActionId => _engine.ApproveAsync(action.RunId, user, null, cancellationToken),
        SlackApprovalMessage.DenyActionId => _engine.DenyAsync(action.RunId, user, null, cancellationToken),
        SlackApprovalMessage.CancelActionId => _engine.CancelAsync(action.RunId, user, cancellationToken),
        SlackApprovalMessage.RevokeActionId => _engine.RevokeAsync(action.RunId, user, null, cancellationToken),
        SlackApprovalMessage.RelinquishActionId => _engine.RelinquishAsync(action.RunId, user, cancellationToken),
        SlackApprovalMessage.ExtendActionId => _engine.ExtendAsync(action.RunId, user, action.Extension, null, cancellationToken),
        SlackApprovalMessage.ApproveExtensionActionId => _engine.ApproveExtensionAsync(action.RunId, user, cancellationToken),
        SlackApprovalMessage.DenyExtensionActionId => _engine.DenyExtensionAsync(action.RunId, user, null, cancellationToken),
        _ => throw new ArgumentOutOfRangeException(nameof(action), action.ActionId, "Not one of Sym's actions."),
    };

    /// <summary>
    /// Whether, on an attempt after the first, the engine's audit log shows an action of this person on the run that took
    /// effect since the delivery was received: the earlier attempt applied the click before it died, so the "already
    /// decided" answer to this one is not news to them.
    /// </summary>
    private async Task<bool> ActedBeforeAsync(SymRun? run, User user, SlackDelivery delivery, CancellationToken cancellationToken)
    {
        if (delivery.Attempt <= 1 || run is null || delivery.ReceivedAt is not { } receivedAt)
        {
            return false;
        }

        var query = new SymAuditQuery { RunId = run.Id, Since = receivedAt, Outcome = SymAuditOutcome.Applied };
        await foreach (SymAuditEntry entry in _engine.GetAuditAsync(query, cancellationToken).ConfigureAwait(false))
        {
            if (string.Equals(entry.Actor, user.Username, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether to throw a failure for the caller to process the delivery again, rather than tell the person now.</summary>
    private static bool Retryable(Exception ex, SlackDelivery delivery, CancellationToken cancellationToken) =>
        delivery.CanRetry && !cancellationToken.IsCancellationRequested && !SlackErrors.IsPermanent(ex) && ex is not SymRequestValidationException;

    /// <summary>The messages of a <c>response_action: errors</c> answer, for a DM.</summary>
    private static string ErrorsText(string body)
    {
        JsonNode? errors = JsonNode.Parse(body)?["errors"];
        return errors is JsonObject o ? string.Join(" ", o.Select(static kv => kv.Value?.GetValue<string>())) : body;
    }

    /// <summary>A click on one of Sym's buttons, as the slow part needs it.</summary>
    private sealed record ClickedAction(string ActionId, string RunId, TimeSpan Extension, string UserId, string? ChannelId, SlackMessageRef? Clicked)
    {
        public static bool IsKnown(string actionId) => actionId is SlackApprovalMessage.ApproveActionId or SlackApprovalMessage.DenyActionId
            or SlackApprovalMessage.CancelActionId or SlackApprovalMessage.RevokeActionId or SlackApprovalMessage.RelinquishActionId
            or SlackApprovalMessage.ExtendActionId or SlackApprovalMessage.ApproveExtensionActionId or SlackApprovalMessage.DenyExtensionActionId;
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

    /// <summary>A Slack user not looked up yet, as a member: only to check a submission's fields before answering Slack.</summary>
    private static User Unidentified(SlackInteractionUser user) => new()
    {
        Username = user.Id,
        Identities = [new UserIdentity { Service = "slack", ServiceId = user.TeamId, UserId = user.Id }],
    };

    /// <summary>The Sym user behind a Slack user: their email as username, name, guest flag and Slack identity.</summary>
    private async Task<User> MapUserAsync(string userId, CancellationToken cancellationToken)
    {
        SlackUserInfo info = await _users.GetUserAsync(_client, userId, cancellationToken).ConfigureAwait(false);
        if (string.IsNullOrWhiteSpace(info.Email))
        {
            throw new SymException("Slack:USER_EMAIL_MISSING", $"Slack user {info.Id} has no email visible to the app.",
                "Give the app the users:read.email scope; Sym identifies people by email.") { IsPermanent = true };
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
    private static (IReadOnlyList<PromptField> Fields, SlackRequestModalOptions Options) Modal(FlowDescriptor flow, IReadOnlyList<PromptField> fields)
    {
        var list = new List<PromptField>(fields.Count + 1);
        if (!fields.Any(static f => f.Name == "duration"))
        {
            list.Add(new PromptField { Name = "duration", Type = FieldType.Duration, Label = "Duration", Required = true });
        }

        list.AddRange(fields);
        var options = new SlackRequestModalOptions
        {
            Title = flow.Label,
            PrivateMetadata = flow.Name,
            Targets = flow.Targets,
            Durations = flow.GetDurationChoices(new SlackRequestModalOptions().Durations),
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

    private SlackInteractionResult Reject(SymException error) => Logged(SlackInteractionResult.Rejected(error));

    private SlackInteractionResult Logged(SlackInteractionResult result)
    {
        if (result.Error is { } error)
        {
            SlackLog.InteractionRejected(_logger, error.Message);
        }

        return result;
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

    private string FlowList() => $"Flows: {string.Join(", ", _engine.FlowCatalog.Select(static f => $"`{f.Name}`"))}.";

    private static string Describe(Exception ex) => SlackErrorText.For(ex);
}
