namespace Sym.Sdk.Testing.Http.Internal;

/// <summary>Hands requests to a shared <see cref="FakeHttpHandler"/> without disposing it when the client factory recycles handlers.</summary>
internal sealed class SharedHandler(FakeHttpHandler inner) : HttpMessageHandler
{
    private readonly HttpMessageInvoker _invoker = new(inner, disposeHandler: false);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        _invoker.SendAsync(request, cancellationToken);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _invoker.Dispose();
        }

        base.Dispose(disposing);
    }
}
