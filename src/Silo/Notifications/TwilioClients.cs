using Twilio.Clients;
using Twilio.Http;

namespace Collab.Silo.Notifications;

/// <summary>
/// Twilio's REST client as Collab builds it: the official SDK over our own <see cref="System.Net.Http.HttpClient"/>
/// (no redirects), so that a base address other than Twilio's (a loopback server in tests, a proxy) receives the
/// requests the SDK builds for <c>https://{api|video}.twilio.com/…</c>, path and query unchanged.
/// </summary>
public static class TwilioClients
{
    public static TwilioRestClient Rest(string username, string password, string accountSid, Uri baseAddress)
    {
        var handler = new HttpClientHandler { AllowAutoRedirect = false };
        var http = baseAddress == TwilioOptions.DefaultBaseAddress
            ? new System.Net.Http.HttpClient(handler)
            : new System.Net.Http.HttpClient(new Rebase(baseAddress) { InnerHandler = handler });
        return new TwilioRestClient(username, password, accountSid, httpClient: new SystemNetHttpClient(http));
    }

    private sealed class Rebase(Uri baseAddress) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.RequestUri = new Uri(baseAddress, request.RequestUri!.PathAndQuery.TrimStart('/'));
            return base.SendAsync(request, cancellationToken);
        }
    }
}
