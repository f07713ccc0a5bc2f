using Collab.Contracts.Errors;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.Localization;

namespace Collab.Web.Components.Shared;

/// <summary>
/// Puts a domain error's field rules next to the form fields they concern, by name
/// ("identifier.number" → IdentifierNumber), in the user's language; what matches no field goes to the form's
/// summary with the field named in words.
/// </summary>
public static class FormErrors
{
    public static void Show(EditContext context, ValidationMessageStore store, DomainException error, IStringLocalizer<Ui> l)
    {
        store.Clear();
        var properties = context.Model.GetType().GetProperties().ToDictionary(p => p.Name.ToUpperInvariant(), p => p.Name);
        if (error.Errors.Count == 0)
        {
            store.Add(new FieldIdentifier(context.Model, string.Empty), ErrorText.Of(l, error));
        }

        foreach (var fieldError in error.Errors)
        {
            var key = fieldError.Field.Replace(".", "", StringComparison.Ordinal).ToUpperInvariant();
            var rule = ErrorText.Rule(l, fieldError.Rule);
            if (properties.TryGetValue(key, out var name))
            {
                store.Add(new FieldIdentifier(context.Model, name), rule);
            }
            else
            {
                store.Add(new FieldIdentifier(context.Model, string.Empty), $"{ErrorText.FieldName(l, fieldError.Field)} : {rule}.");
            }
        }

        context.NotifyValidationStateChanged();
    }
}
