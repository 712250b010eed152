using System.Text.Json.Nodes;

namespace Sym.Sdk.Integrations.Slack;

/// <summary>
/// What <see cref="SlackInteractionHandler"/> decided: the HTTP answer to send Slack now (within its 3 seconds), and
/// whether there is work to carry on with after answering: <see cref="RunBackgroundAsync"/>, or
/// <see cref="SlackInteractionHandler.ProcessAsync"/> from the recorded body (which survives a crash).
/// </summary>
public sealed class SlackInteractionResult
{
    private static readonly SlackInteractionResult EmptyAck = new(200, null, null, null);
    private readonly Func<CancellationToken, Task>? _background;

    private SlackInteractionResult(int statusCode, string? body, SymException? error, Func<CancellationToken, Task>? background)
    {
        StatusCode = statusCode;
        Body = body;
        Error = error;
        _background = background;
    }

    /// <summary>The HTTP status to answer with: 200, or 400 for a malformed request (see <see cref="Error"/>).</summary>
    public int StatusCode { get; }

    /// <summary>The JSON body to answer with (content type <c>application/json</c>), or <see langword="null"/> for an empty 200.</summary>
    public string? Body { get; }

    /// <summary>Why the request was rejected (code <c>Slack:INVALID_PAYLOAD</c>), or <see langword="null"/>. Nothing changed.</summary>
    public SymException? Error { get; }

    /// <summary>Whether there is work to carry on with after answering.</summary>
    public bool HasBackgroundWork => _background is not null;

    /// <summary>
    /// Does the slow part (opening the modal, calling the engine, telling the person) after the HTTP answer was sent:
    /// <see cref="SlackInteractionHandler.ProcessAsync"/> on the same body, once. It never throws but for cancellation:
    /// failures are logged and, where possible, told to the person in Slack. A host that must not lose the work to a crash
    /// records the body before answering and calls <see cref="SlackInteractionHandler.ProcessAsync"/> instead.
    /// </summary>
    /// <param name="cancellationToken">Cancels the work, for example when the host stops.</param>
    /// <returns>A task that completes when the work is done.</returns>
    public Task RunBackgroundAsync(CancellationToken cancellationToken = default) =>
        _background is null ? Task.CompletedTask : _background(cancellationToken);

    internal static SlackInteractionResult Ack(Func<CancellationToken, Task>? background = null) =>
        background is null ? EmptyAck : new(200, null, null, background);

    internal static SlackInteractionResult Json(JsonObject body) => new(200, body.ToJsonString(), null, null);

    internal static SlackInteractionResult Json(string body) => new(200, body, null, null);

    internal static SlackInteractionResult Ephemeral(string text) =>
        Json(new JsonObject { ["response_type"] = "ephemeral", ["text"] = text });

    internal static SlackInteractionResult Rejected(SymException error) => new(400, null, error, null);
}
