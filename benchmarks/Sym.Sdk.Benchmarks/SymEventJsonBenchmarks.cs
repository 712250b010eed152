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
    private byte[] _newRun = [];
    private int[] _runIdOffsets = [];
    private uint _runCounter;
    private Event _event = null!;

    /// <summary>The recorded fixture to read.</summary>
    [Params("escalate-v4.json", "deescalate-v4.json")]
    public string Fixture { get; set; } = "escalate-v4.json";

    [GlobalSetup]
    public void Setup()
    {
        _utf8 = File.ReadAllBytes(FindFixture(Fixture));
        _event = SymEventJson.Parse(_utf8);
        _newRun = (byte[])_utf8.Clone();
        _runIdOffsets = RunIdOffsets(_utf8);
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

    /// <summary>
    /// What a host sees in production: every event belongs to a run it has not seen (a new run SRN, parsed and cached),
    /// while the event-spec and target SRNs repeat. Each call rewrites the run id's first 8 hex digits in place.
    /// </summary>
    [Benchmark]
    public Event SymEventJsonParseNewRun()
    {
        uint counter = ++_runCounter;
        foreach (int offset in _runIdOffsets)
        {
            for (int i = 0; i < 8; i++)
            {
                _newRun[offset + i] = (byte)"0123456789abcdef"[(int)(counter >> (28 - (4 * i))) & 0xF];
            }
        }

        return SymEventJson.Parse(_newRun);
    }

    [Benchmark]
    public byte[] SymEventJsonSerialize() => SymEventJson.SerializeToUtf8Bytes(_event);

    /// <summary>Where the run SRN's identifier (a UUID) stands in the document, each time it appears.</summary>
    private static int[] RunIdOffsets(byte[] utf8)
    {
        ReadOnlySpan<byte> prefix = "\"sym:run:"u8;
        int start = utf8.AsSpan().IndexOf(prefix);
        if (start < 0)
        {
            throw new InvalidOperationException("The fixture has no run SRN.");
        }

        int end = utf8.AsSpan(start + 1).IndexOf((byte)'"') + start + 1;
        int idStart = utf8.AsSpan(start, end - start).LastIndexOf((byte)':') + start + 1;
        byte[] id = utf8[idStart..end];
        var offsets = new List<int>();
        int at = 0;
        for (int found; (found = utf8.AsSpan(at).IndexOf(id)) >= 0; at += found + id.Length)
        {
            offsets.Add(at + found);
        }

        return [.. offsets];
    }

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
