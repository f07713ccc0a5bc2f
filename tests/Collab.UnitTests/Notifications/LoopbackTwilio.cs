using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Collab.UnitTests.Notifications;

/// <summary>
/// An HTTP server on 127.0.0.1 that answers as Twilio's REST API would (one recorded answer per test) and records every
/// request it gets — method, path as the SDK built it, Basic credentials, form fields. The adapters reach it through
/// their base-address setting, the same path a real deployment behind a proxy takes.
/// </summary>
public sealed class LoopbackTwilio : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LoopbackTwilio(WebApplication app, HttpStatusCode status, string answer)
    {
        _app = app;
        Status = status;
        Answer = answer;
    }

    public Uri Url { get; private set; } = null!;

    public HttpStatusCode Status { get; set; }

    public string Answer { get; set; }

    public List<(string Method, string Path, string? Authorization, string? ContentType, string Body)> Requests { get; } = [];

    public static async Task<LoopbackTwilio> StartAsync(HttpStatusCode status, string answer)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new LoopbackTwilio(app, status, answer);
        app.Run(server.HandleAsync);
        await app.StartAsync();
        server.Url = new Uri(app.Urls.First() + "/");
        return server;
    }

    /// <summary>The form fields of request <paramref name="index"/>, decoded.</summary>
    public Dictionary<string, string> Form(int index = 0) =>
        Requests[index].Body.Split('&', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split('=', 2))
            .ToDictionary(p => WebUtility.UrlDecode(p[0]), p => WebUtility.UrlDecode(p.ElementAtOrDefault(1) ?? ""));

    private async Task HandleAsync(HttpContext http)
    {
        var body = await new StreamReader(http.Request.Body).ReadToEndAsync();
        lock (Requests)
        {
            Requests.Add((http.Request.Method, http.Request.Path + http.Request.QueryString, http.Request.Headers.Authorization.ToString(), http.Request.ContentType?.Split(';')[0], body));
        }

        http.Response.StatusCode = (int)Status;
        http.Response.ContentType = Answer.StartsWith('{') ? "application/json" : "text/html";
        await http.Response.WriteAsync(Answer);
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
