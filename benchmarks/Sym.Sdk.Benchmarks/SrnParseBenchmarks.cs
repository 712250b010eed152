using BenchmarkDotNet.Attributes;
using Sym.Sdk;

namespace Sym.Sdk.Benchmarks;

/// <summary>SRN parsing as the wire format does it (several SRNs per event), against a bare split of the same text.</summary>
[MemoryDiagnoser]
public class SrnParseBenchmarks
{
    private const string Run = "sym:run:lambda_access:1.0.0:ff30a212-24d9-459c-8784-de275042b083";
    private const string Invalid = "sym:run:lambda_access:1.0:ff30a212-24d9-459c-8784-de275042b083";

    [Benchmark(Baseline = true)]
    public string[] SplitOnly() => Run.Split(':');

    [Benchmark]
    public Srn Parse() => Srn.Parse(Run);

    [Benchmark]
    public bool TryParseInvalid() => Srn.TryParse(Invalid, out _);
}
