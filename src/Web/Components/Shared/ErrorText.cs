using Collab.Contracts.Errors;
using Collab.Web.Errors;
using Microsoft.Extensions.Localization;

namespace Collab.Web.Components.Shared;

/// <summary>What a page tells the user when a grain refuses, in their language (<see cref="DomainText"/>), fields named in words.</summary>
public static class ErrorText
{
    /// <summary>The whole refusal: its field rules ("Question : obligatoire."), or its message, or what its code means.</summary>
    public static string Of(IStringLocalizer<Ui> l, DomainException e)
    {
        if (e.Errors.Count > 0)
        {
            return string.Join(" ", e.Errors.Select(f => $"{FieldName(l, f.Field)} : {Rule(l, f.Rule)}."));
        }

        if (e.Code is DomainErrorCode.Forbidden)
        {
            return l["Error.Forbidden"]; // the action refused is for the audit trail, not for the page
        }

        return DomainText.Translate(e.Message) ?? ByCode(l, e.Code);
    }

    /// <summary>
    /// What a page says of a refusal by a grain or the crypto module (null for anything else, which is not the
    /// user's to read): the session ended, the rule broken, or keys no longer given to this user.
    /// </summary>
    public static string? Refusal(IStringLocalizer<Ui> l, Exception e) => e switch
    {
        DomainException { Code: DomainErrorCode.Unauthenticated } => l["Error.SessionEnded"],
        DomainException d => Of(l, d),
        Crypto.CryptoException { Failure: Crypto.CryptoFailure.NotARecipient } => l["Error.KeysWithdrawn"],
        _ => null,
    };

    /// <summary>One broken rule, to show next to its field.</summary>
    public static string Rule(IStringLocalizer<Ui> l, string rule) => DomainText.Translate(rule) ?? l["Error.Invalid"];

    /// <summary>A field as people call it, from the Field.* resources: "identifier.number" → "Numéro RPPS ou ADELI", "patient.lastName" → "Nom".</summary>
    public static string FieldName(IStringLocalizer<Ui> l, string field)
    {
        static string Pascal(string path) => string.Concat(path.Split('.').Select(p => p.Length == 0 ? p : char.ToUpperInvariant(p[0]) + p[1..]));
        var last = field[(field.LastIndexOf('.') + 1)..];
        foreach (var key in new[] { Pascal(field), Pascal(last) })
        {
            if (l[$"Field.{key}"] is { ResourceNotFound: false } words)
            {
                return words;
            }
        }

        return last;
    }

    private static string ByCode(IStringLocalizer<Ui> l, DomainErrorCode code) => code switch
    {
        DomainErrorCode.Unauthenticated => l["Error.SessionEnded"],
        DomainErrorCode.NotFound => l["Error.NotFound"],
        DomainErrorCode.Conflict or DomainErrorCode.Stale => l["Error.Conflict"],
        DomainErrorCode.TooManyAttempts => l["Error.TooMany"],
        DomainErrorCode.InvalidInput => l["Error.Invalid"],
        _ => l["Error.Unexpected"],
    };
}
