using System.Net;
using Sym.Cli.Internal;

namespace Sym.Cli.Tests.Internal;

public class SymApiClientTests
{
    [Theory]
    [InlineData("https://sym.example.com", "https://sym.example.com/api/")]
    [InlineData("https://sym.example.com/", "https://sym.example.com/api/")]
    [InlineData("https://sym.example.com/api", "https://sym.example.com/api/")]
    [InlineData("https://example.com/sym/", "https://example.com/sym/api/")]
    [InlineData("http://127.0.0.1:5080/?x=1", "http://127.0.0.1:5080/api/")]
    public void ApiRoot_ServiceUrl_IsTheApiUnderIt(string service, string expected)
    {
        SymApiClient.ApiRoot(new Uri(service)).Should().Be(new Uri(expected));
    }

    [Theory]
    [InlineData(HttpStatusCode.Unauthorized, ExitCodes.Unauthorized)]
    [InlineData(HttpStatusCode.Forbidden, ExitCodes.Forbidden)]
    [InlineData(HttpStatusCode.NotFound, ExitCodes.NotFound)]
    [InlineData(HttpStatusCode.Conflict, ExitCodes.Conflict)]
    [InlineData(HttpStatusCode.BadRequest, ExitCodes.Invalid)]
    [InlineData(HttpStatusCode.RequestEntityTooLarge, ExitCodes.Invalid)]
    [InlineData(HttpStatusCode.ServiceUnavailable, ExitCodes.Unavailable)]
    [InlineData(HttpStatusCode.InternalServerError, ExitCodes.Unavailable)]
    [InlineData(HttpStatusCode.TooManyRequests, ExitCodes.Failure)]
    public void ExitCodeFor_Status_IsTheDocumentedCode(HttpStatusCode status, int expected)
    {
        SymApiClient.ExitCodeFor(status).Should().Be(expected);
    }
}
