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
/// <see cref="SlackInteractionHandler"/> decide, answer at once and queue the slow part.
/// </summary>
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
        HandleAsync(context, static (h, body, ct) => h.HandleSlashCommandAsync(body, ct));

    private static Task HandleInteractionAsync(HttpContext context) =>
        HandleAsync(context, static (h, body, ct) => h.HandleInteractionAsync(body, ct));

    private static async Task HandleAsync(HttpContext context, Func<SlackInteractionHandler, string, CancellationToken, Task<SlackInteractionResult>> handle)
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

            if (result.HasBackgroundWork && !services.GetRequiredService<SlackBackgroundQueue>().TryEnqueue(result.RunBackgroundAsync))
            {
                HostingLog.SlackQueueFull(logger, path);
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
