using Collab.Contracts.Errors;
using Microsoft.Extensions.Localization;

namespace Collab.Web.Components.Shared;

/// <summary>What a page tells the user when a grain refuses: the refusal's code in the user's language, never the exception's (English, technical) message.</summary>
public static class ErrorText
{
    public static string Of(IStringLocalizer<Ui> l, DomainException e) => e.Code switch
    {
        DomainErrorCode.Forbidden => l["Error.Forbidden"],
        DomainErrorCode.Unauthenticated => l["Error.SessionEnded"],
        DomainErrorCode.NotFound => l["Error.NotFound"],
        DomainErrorCode.Conflict or DomainErrorCode.Stale => l["Error.Conflict"],
        DomainErrorCode.TooManyAttempts => l["Error.TooMany"],
        DomainErrorCode.InvalidInput => l["Error.Invalid"],
        _ => l["Error.Unexpected"],
    };
}
