using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Sym.Sdk.FrontEnds;
using Sym.Sdk.Integrations.Slack.Internal;
using Sym.Sdk.Runtime;

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

    /// <summary>The source channel of the requests and prompts the handler makes (<see cref="AccessRequest.SourceChannel"/>).</summary>
    internal const string SourceChannel = "slack";

    private readonly SlackSlashCommands _commands;
    private readonly SlackModalSubmissions _submissions;
    private readonly SlackButtonActions _actions;
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
        SlackInteractionOptions settings = options?.Value ?? new SlackInteractionOptions();
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        var mapper = new SlackUserMapper(client, users, settings);
        var replies = new SlackReplies(client, _logger);
        _commands = new SlackSlashCommands(engine, client, settings, mapper, replies, _logger);
        _submissions = new SlackModalSubmissions(engine, settings, mapper, replies, _logger);
        _actions = new SlackButtonActions(engine, client, mapper, replies, _logger);
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
                (SlackInteractionResult answer, AccessRequest? request) = await _submissions.CheckAsync(submission, acknowledging: true, cancellationToken)
                    .ConfigureAwait(false);
                if (request is null)
                {
                    return Logged(answer);
                }

                break;
            case SlackBlockActions actions:
                SlackInteractionResult clickAnswer = SlackButtonActions.Check(actions, out SlackClickedAction? clicked);
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
                return flow is not null && command is not null ? _commands.OpenRequestModalAsync(flow, command, cancellationToken) : Task.CompletedTask;
            case InteractionSource:
                return ProcessInteractionAsync(delivery, cancellationToken);
            default:
                throw new ArgumentException($"A Slack delivery comes from '{CommandSource}' or '{InteractionSource}', not '{delivery.Source}'.", nameof(delivery));
        }
    }

    /// <summary>The answer to a slash command; a command that opens the modal gets an empty 200 with background work.</summary>
    private SlackInteractionResult Command(string formBody, out FlowDescriptor? flow, out SlackSlashCommand? command) =>
        _commands.Check(formBody, out flow, out command)
        ?? SlackInteractionResult.Ack(ct => ProcessAsync(new SlackDelivery { Source = CommandSource, Body = formBody }, ct));

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
                await _submissions.SubmitAsync(submission, delivery, cancellationToken).ConfigureAwait(false);
                break;
            case SlackBlockActions actions:
                _ = SlackButtonActions.Check(actions, out SlackClickedAction? clicked);
                if (clicked is not null)
                {
                    await _actions.ApplyAsync(clicked, delivery, cancellationToken).ConfigureAwait(false);
                }

                break;
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
}
