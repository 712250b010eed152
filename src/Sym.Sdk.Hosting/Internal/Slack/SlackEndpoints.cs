using System.Buffers;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sym.Sdk.Integrations.Slack;

namespace Sym.Sdk.Hosting.Internal.Slack;

/// <summary>
/// Slack's request URLs: read the raw body (bounded), verify the signature before parsing anything, let
/// <see cref="SlackInteractionHandler"/> decide the answer, record a delivery with a slow part in the store's inbox
/// before answering (durable before the ack), answer, then process it on the background queue and mark it processed.
/// </summary>
/// <remarks>
/// The inbox id is a hash of the body, so Slack's retries (<c>X-Slack-Retry-Num</c>) and replays of the same signed
/// request are duplicates: answered the same way, not processed again. A store that cannot record the delivery gets it
/// answered 503, so Slack shows an error (and may retry) rather than an acknowledgement for something that could be
/// lost. A delivery recorded but not queued (the queue is full, the host is stopping) or interrupted by a crash is
/// processed by <see cref="SlackInboxRecoveryService"/> once its claim lapses.
/// </remarks>
internal static class SlackEndpoints
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static RouteGroupBuilder Map(IEndpointRouteBuilder endpoints, string prefix)
    {
        RouteGroupBuilder group = endpoints.MapGroup(prefix);
        if (endpoints.ServiceProvider.GetService<SlackHostEnabled>() is null)
        {
            return group; // Slack is not configured: nothing is mapped, so the paths answer 404.
        }

        group.MapPost("/commands", (RequestDelegate)HandleCommandAsync)
            .AllowAnonymous().DisableAntiforgery().WithName("SymSlackCommands");
        group.MapPost("/interactions", (RequestDelegate)HandleInteractionAsync)
            .AllowAnonymous().DisableAntiforgery().WithName("SymSlackInteractions");
        return group;
    }

    private static Task HandleCommandAsync(HttpContext context) =>
        HandleAsync(context, SlackInteractionHandler.CommandSource, static (h, body, ct) => h.HandleSlashCommandAsync(body, ct));

    private static Task HandleInteractionAsync(HttpContext context) =>
        HandleAsync(context, SlackInteractionHandler.InteractionSource, static (h, body, ct) => h.HandleInteractionAsync(body, ct));

    private static async Task HandleAsync(HttpContext context, string source,
        Func<SlackInteractionHandler, string, CancellationToken, Task<SlackInteractionResult>> handle)
    {
        IServiceProvider services = context.RequestServices;
        ILogger logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SlackEndpoints).FullName!);
        SlackHostOptions options = services.GetRequiredService<IOptions<SlackHostOptions>>().Value;
        string path = context.Request.Path.Value ?? string.Empty;
        HttpResponse response = context.Response;

        if (context.Request.ContentLength > options.MaxRequestBodySize)
        {
            HostingLog.SlackRequestRejected(logger, path, "the body is larger than Sym:Slack:MaxRequestBodySize.");
            response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            return;
        }

        byte[] buffer = ArrayPool<byte>.Shared.Rent(options.MaxRequestBodySize + 1);
        try
        {
            int length = await ReadBodyAsync(context.Request.Body, buffer.AsMemory(0, options.MaxRequestBodySize + 1), context.RequestAborted)
                .ConfigureAwait(false);
            if (length > options.MaxRequestBodySize)
            {
                HostingLog.SlackRequestRejected(logger, path, "the body is larger than Sym:Slack:MaxRequestBodySize.");
                response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                return;
            }

            // Verify before parsing anything: the signature covers the exact bytes received.
            SlackVerificationResult verification = services.GetRequiredService<SlackRequestVerifier>().Verify(
                context.Request.Headers["X-Slack-Request-Timestamp"].ToString(),
                context.Request.Headers["X-Slack-Signature"].ToString(),
                buffer.AsSpan(0, length));
            if (!verification.IsValid)
            {
                HostingLog.SlackRequestRejected(logger, path, verification.Reason);
                response.StatusCode = StatusCodes.Status401Unauthorized;
                return;
            }

            string body;
            try
            {
                body = StrictUtf8.GetString(buffer, 0, length);
            }
            catch (DecoderFallbackException)
            {
                HostingLog.SlackPayloadInvalid(logger, path, "Slack:INVALID_PAYLOAD", "the body is not UTF-8.");
                response.StatusCode = StatusCodes.Status400BadRequest;
                return;
            }

            SlackInteractionResult result = await handle(services.GetRequiredService<SlackInteractionHandler>(), body, context.RequestAborted)
                .ConfigureAwait(false);
            if (result.Error is { } error)
            {
                HostingLog.SlackPayloadInvalid(logger, path, error.ErrorCode, error.Message);
            }

            if (result.HasBackgroundWork && !await RecordAndQueueAsync(context, source, body, logger).ConfigureAwait(false))
            {
                response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                return;
            }

            response.StatusCode = result.StatusCode;
            if (result.Body is { } json)
            {
                response.ContentType = "application/json; charset=utf-8";
                await response.WriteAsync(json, context.RequestAborted).ConfigureAwait(false);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Records the delivery in the inbox (claimed by this host) and queues its processing; a duplicate is neither
    /// recorded nor queued. <see langword="false"/> when the store failed and nothing was recorded.
    /// </summary>
    private static async Task<bool> RecordAndQueueAsync(HttpContext context, string source, string body, ILogger logger)
    {
        IServiceProvider services = context.RequestServices;
        SlackInbox inbox = services.GetRequiredService<SlackInbox>();
        string path = context.Request.Path.Value ?? string.Empty;
        Runtime.SymInboxItem? item;
        try
        {
            item = await inbox.RecordAsync(source, body, context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception ex) when (!context.RequestAborted.IsCancellationRequested)
        {
            HostingLog.SlackInboxRecordFailed(logger, ex, path);
            return false;
        }

        if (item is null)
        {
            string retry = context.Request.Headers["X-Slack-Retry-Num"].ToString();
            HostingLog.SlackDuplicateDelivery(logger, path, SlackInteractionHandler.GetDeliveryId(body), retry.Length == 0 ? "none" : retry);
            return true;
        }

        // Recorded: from here on a crash loses nothing, and a full queue only delays the work until the claim lapses.
        if (!services.GetRequiredService<SlackBackgroundQueue>().TryEnqueue(ct => inbox.ProcessAsync(item, ct)))
        {
            HostingLog.SlackQueueFull(logger, path);
        }

        return true;
    }

    /// <summary>Reads until the end of the body or until <paramref name="destination"/> is full; returns the bytes read.</summary>
    private static async Task<int> ReadBodyAsync(Stream body, Memory<byte> destination, CancellationToken cancellationToken)
    {
        int total = 0;
        while (total < destination.Length)
        {
            int read = await body.ReadAsync(destination[total..], cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return total;
    }
}

/// <summary>Registered when <c>Sym:Slack</c> turns Slack on: <c>MapSymSlack</c> maps the endpoints only then.</summary>
internal sealed class SlackHostEnabled;
