using System.Text.RegularExpressions;
using BenchmarkDotNet.Attributes;
using Sym.Sdk.Integrations.Okta.Internal;

namespace Sym.Sdk.Benchmarks.Okta;

/// <summary>Finding Okta's next-page link: the span-based parser against the usual regular expression.</summary>
[MemoryDiagnoser]
public partial class OktaLinkHeaderBenchmarks
{
    private const string Header =
        "<https://acme.okta.com/api/v1/groups/00g1emaKYZTWRYYRRTSK/users?limit=200>; rel=\"self\", " +
        "<https://acme.okta.com/api/v1/groups/00g1emaKYZTWRYYRRTSK/users?after=00ub0oNGTSWTBKOLGLNR&limit=200>; rel=\"next\"";

    [Benchmark(Baseline = true)]
    public string? Regex() => NextLink().Match(Header) is { Success: true } m ? m.Groups[1].Value : null;

    [Benchmark]
    public string? SpanParser() => OktaLinkHeader.FindNext(Header);

    [GeneratedRegex("<([^>]*)>\\s*;[^<]*?rel=\"?next\"?", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NextLink();
}
