using System.Globalization;
using Collab.Web.Access;
using Collab.Web.Account;
using Microsoft.AspNetCore.Localization;

namespace Collab.Web;

/// <summary>French by default, English on request (a cookie set by the language link); dates in Europe/Paris.</summary>
public static class UiCulture
{
    /// <summary>The app speaks the languages its emails and SMS are written in.</summary>
    public static readonly string[] Supported = [.. Grains.Notifications.Notices.Languages];

    private static readonly TimeZoneInfo Paris = Grains.Notifications.ParisTime.Zone;

    /// <summary>A time as users read it: in Europe/Paris, whatever the server's zone.</summary>
    public static DateTimeOffset Local(DateTimeOffset at) => Grains.Notifications.ParisTime.Local(at);

    /// <summary>A wall-clock time in Paris (what a datetime-local field holds) as an instant.</summary>
    public static DateTimeOffset FromLocal(DateTime wallClock)
    {
        var unspecified = DateTime.SpecifyKind(wallClock, DateTimeKind.Unspecified);
        return new DateTimeOffset(unspecified, Paris.GetUtcOffset(unspecified));
    }

    public static RequestLocalizationOptions Options()
    {
        var options = new RequestLocalizationOptions()
            .SetDefaultCulture("fr")
            .AddSupportedCultures(Supported)
            .AddSupportedUICultures(Supported);
        // The cookie first, then the browser's Accept-Language; the query string is not trusted for this.
        options.RequestCultureProviders = [new CookieRequestCultureProvider(), new AcceptLanguageHeaderRequestCultureProvider()];
        return options;
    }

    /// <summary>
    /// <c>/culture/{culture}?redirect=…</c>: remembers the language and goes back (local paths only). For a logged-in
    /// practitioner it is also the language of their emails and SMS from then on.
    /// </summary>
    public static IEndpointRouteBuilder MapUiCulture(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/culture/{culture}", async (string culture, string? redirect, HttpContext http, AccountService account) =>
        {
            if (Supported.Contains(culture))
            {
                if (HttpCaller.From(http) is { PractitionerId: not null } caller)
                {
                    await account.SetLanguageAsync(culture, caller);
                }

                http.Response.Cookies.Append(
                    CookieRequestCultureProvider.DefaultCookieName,
                    CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(CultureInfo.GetCultureInfo(culture))),
                    new CookieOptions { MaxAge = TimeSpan.FromDays(365), SameSite = SameSiteMode.Lax, HttpOnly = true, Secure = http.Request.IsHttps });
            }

            var target = "/" + (redirect ?? "").TrimStart('/');
            return Results.LocalRedirect(target.StartsWith("//", StringComparison.Ordinal) || target.Contains('\\', StringComparison.Ordinal) ? "/" : target);
        });
        return endpoints;
    }
}
