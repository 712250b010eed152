using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sym.Sdk.Runtime.Internal;

/// <summary>Writes audit entries as JSON lines with source-generated System.Text.Json.</summary>
internal static class AuditJsonLines
{
    private static readonly byte[] NewLine = "\n"u8.ToArray();

    public static async Task<int> WriteAsync(IAsyncEnumerable<SymAuditEntry> entries, Stream destination, CancellationToken cancellationToken)
    {
        int count = 0;
        await foreach (SymAuditEntry e in entries.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            var line = new AuditLine
            {
                Sequence = e.Sequence, RunId = e.RunId, Flow = e.Flow, Step = e.Step, Actor = e.Actor, Requester = e.Requester,
                Target = e.Target, Timestamp = e.Timestamp, Outcome = ToWire(e.Outcome), Message = e.Message, ErrorCode = e.ErrorCode,
                Reason = e.Reason, DurationSeconds = e.Duration is { } d ? (long)d.TotalSeconds : null,
            };
            await JsonSerializer.SerializeAsync(destination, line, AuditJsonContext.Default.AuditLine, cancellationToken).ConfigureAwait(false);
            await destination.WriteAsync(NewLine, cancellationToken).ConfigureAwait(false);
            count++;
        }

        await destination.FlushAsync(cancellationToken).ConfigureAwait(false);
        return count;
    }

    private static string ToWire(SymAuditOutcome outcome) => outcome switch
    {
        SymAuditOutcome.Applied => "applied",
        SymAuditOutcome.Ignored => "ignored",
        SymAuditOutcome.NoOp => "no_op",
        _ => "failed",
    };
}

internal sealed class AuditLine
{
    public long Sequence { get; init; }

    public required string RunId { get; init; }

    public required string Flow { get; init; }

    public required string Step { get; init; }

    public required string Actor { get; init; }

    public required string Requester { get; init; }

    public string? Target { get; init; }

    public DateTimeOffset Timestamp { get; init; }

    public required string Outcome { get; init; }

    public string? Message { get; init; }

    public string? ErrorCode { get; init; }

    public string? Reason { get; init; }

    public long? DurationSeconds { get; init; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AuditLine))]
internal sealed partial class AuditJsonContext : JsonSerializerContext;
