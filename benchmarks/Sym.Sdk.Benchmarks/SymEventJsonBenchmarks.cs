using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Sym.Sdk.Serialization;
using Sym.Sdk.Serialization.Internal;

namespace Sym.Sdk.Benchmarks;

/// <summary>
/// Reading and writing Sym's event JSON, against <see cref="JsonDocument.Parse(ReadOnlyMemory{byte}, JsonDocumentOptions)"/>
/// on the same bytes as the baseline (the cost of merely tokenising and indexing the document).
/// </summary>
[MemoryDiagnoser]
public class SymEventJsonBenchmarks
{
    private byte[] _utf8 = [];
    private Event _event = null!;

    /// <summary>The recorded fixture to read.</summary>
    [Params("escalate-v4.json", "deescalate-v4.json")]
    public string Fixture { get; set; } = "escalate-v4.json";

    [GlobalSetup]
    public void Setup()
    {
        _utf8 = File.ReadAllBytes(FindFixture(Fixture));
        _event = SymEventJson.Parse(_utf8);
    }

    [Benchmark(Baseline = true)]
    public int JsonDocumentParse()
    {
        using JsonDocument document = JsonDocument.Parse(_utf8);
        return (int)document.RootElement.ValueKind;
    }

    [Benchmark]
    public Event SymEventJsonParse() => SymEventJson.Parse(_utf8);

    /// <summary>The first sight of a document's SRNs: the process-wide SRN cache is emptied before each parse.</summary>
    [Benchmark]
    public Event SymEventJsonParseColdSrnCache()
    {
        SrnCache.Clear();
        return SymEventJson.Parse(_utf8);
    }

    [Benchmark]
    public byte[] SymEventJsonSerialize() => SymEventJson.SerializeToUtf8Bytes(_event);

    private static string FindFixture(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Sym.Sdk.sln")))
            {
                return Path.Combine(dir.FullName, "..", "shared", "fixtures", "sym-events", name);
            }
        }

        throw new InvalidOperationException($"No Sym.Sdk.sln above {AppContext.BaseDirectory}.");
    }
}
