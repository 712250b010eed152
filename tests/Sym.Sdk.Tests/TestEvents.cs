using System.Text.Json;
using Sym.Sdk.Strategies;

namespace Sym.Sdk.Tests;

/// <summary>Small builders for events in model tests.</summary>
internal static class TestEvents
{
    public static readonly User Requester = new() { Id = "u-req", Username = "req@acme.com" };

    public static readonly User Approver = new() { Id = "u-apr", Username = "apr@acme.com" };

    public static Event Create(
        string name,
        User? user = null,
        IReadOnlyDictionary<string, User>? actors = null,
        IReadOnlyDictionary<string, JsonElement>? contexts = null,
        IReadOnlyDictionary<string, StrategyOutput>? outputs = null) => new()
        {
            Name = name,
            Payload = new EventPayload { Timestamp = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero), User = user ?? Requester },
            Flow = new Flow { Name = "custom_access" },
            Run = new Run
            {
                Id = "run-1",
                Actors = actors ?? new Dictionary<string, User>(),
                Contexts = contexts ?? new Dictionary<string, JsonElement>(),
                Outputs = outputs ?? new Dictionary<string, StrategyOutput>(),
            },
        };
}
