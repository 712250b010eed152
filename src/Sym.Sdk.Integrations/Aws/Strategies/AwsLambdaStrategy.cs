using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Sym.Sdk.Integrations.Aws.Internal;
using Sym.Sdk.Integrations.Aws.Lambda;
using Sym.Sdk.Integrations.Aws.Strategies.Internal;
using Sym.Sdk.Serialization;
using Sym.Sdk.Strategies;

namespace Sym.Sdk.Integrations.Aws.Strategies;

/// <summary>
/// Delegates escalate and deescalate to the Lambda function named by the target setting <c>arn</c>, as Sym's own
/// Lambda strategy does: the function receives the event in Sym's wire format (<see cref="SymEventJson"/>, so a function
/// written for Sym reads it unchanged) and answers <c>{"body": …, "errors": […]}</c>.
/// Non-empty <c>errors</c>, or a function error, fail the step with a <see cref="SymException"/>.
/// </summary>
/// <remarks>The function's <c>body</c> is recorded as the step's output (<c>Data["body"]</c>, raw JSON).</remarks>
public sealed class AwsLambdaStrategy : AccessStrategy
{
    /// <summary>The target setting with the function's ARN.</summary>
    public const string ArnSetting = "arn";

    private readonly ILambdaClient _lambda;
    private readonly ILogger _logger;

    /// <summary>Creates the strategy.</summary>
    /// <param name="lambda">The Lambda client.</param>
    /// <param name="logger">The logger, or <see langword="null"/>.</param>
    public AwsLambdaStrategy(ILambdaClient lambda, ILogger<AwsLambdaStrategy>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(lambda);
        _lambda = lambda;
        _logger = logger ?? NullLogger<AwsLambdaStrategy>.Instance;
    }

    /// <summary>The identity service, <c>aws_lambda</c>.</summary>
    public override string IdentityService => "aws_lambda";

    /// <summary>The user's email: the function receives the whole event and decides for itself.</summary>
    /// <param name="user">The user.</param>
    /// <param name="cancellationToken">Not used.</param>
    /// <returns>The email.</returns>
    public override ValueTask<string?> FetchRemoteIdentityAsync(User user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        return new(user.Email);
    }

    /// <inheritdoc />
    public override ValueTask<StrategyOutput?> EscalateAsync(string targetId, Event evt, CancellationToken cancellationToken = default) =>
        InvokeAsync("escalate", targetId, evt, cancellationToken);

    /// <inheritdoc />
    public override ValueTask<StrategyOutput?> DeescalateAsync(string targetId, Event evt, CancellationToken cancellationToken = default) =>
        InvokeAsync("deescalate", targetId, evt, cancellationToken);

    private async ValueTask<StrategyOutput?> InvokeAsync(string step, string targetId, Event evt, CancellationToken cancellationToken)
    {
        string arn = StrategyTarget.Of(evt).GetRequiredSetting(ArnSetting);
        byte[] payload = SymEventJson.SerializeToUtf8Bytes(evt);
        LambdaInvocationResult result = await _lambda.InvokeAsync(arn, payload, cancellationToken).ConfigureAwait(false);
        string failed = step == "escalate" ? AwsErrorCodes.LambdaEscalateFailed : AwsErrorCodes.LambdaDeescalateFailed;

        if (result.IsFunctionError)
        {
            (string? type, string? message) = ReadFunctionError(result);
            throw new SymException(
                AwsErrorCodes.LambdaFunctionError,
                $"Lambda function '{arn}' failed during {step} ({result.FunctionError}): {type}: {message}",
                "Check the function's CloudWatch logs.")
            { RawResponse = Truncate(result.PayloadText) };
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(result.Payload);
        }
        catch (JsonException ex)
        {
            throw new SymException(failed, $"Lambda function '{arn}' returned no JSON for {step}.",
                "Return {\"body\": {...}, \"errors\": []} from the handler.", ex) { RawResponse = Truncate(result.PayloadText) };
        }

        using (document)
        {
            JsonElement root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("errors", out JsonElement errors)
                && errors.ValueKind == JsonValueKind.Array && errors.GetArrayLength() > 0)
            {
                string joined = string.Join("; ", errors.EnumerateArray().Select(static e => e.ValueKind == JsonValueKind.String ? e.GetString() : e.GetRawText()));
                throw new SymException(failed, $"Lambda function '{arn}' reported errors during {step}: {joined}",
                    "The function returned a non-empty 'errors' list.") { RawResponse = Truncate(result.PayloadText) };
            }

            AwsLog.StrategyStep(_logger, nameof(AwsLambdaStrategy), step, targetId, "invoked");
            return root.ValueKind == JsonValueKind.Object && root.TryGetProperty("body", out JsonElement body) && body.ValueKind != JsonValueKind.Null
                ? StrategyOutput.Applied(new Dictionary<string, string> { ["body"] = body.GetRawText() })
                : StrategyOutput.Applied();
        }
    }

    private static (string? Type, string? Message) ReadFunctionError(LambdaInvocationResult result)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(result.Payload);
            JsonElement root = document.RootElement;
            return (root.GetString("errorType"), root.GetString("errorMessage"));
        }
        catch (JsonException)
        {
            return (null, Truncate(result.PayloadText));
        }
    }

    private static string Truncate(string text) => text.Length <= 2048 ? text : text[..2048] + "…";
}
