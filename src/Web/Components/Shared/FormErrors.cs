using Collab.Contracts.Errors;
using Microsoft.AspNetCore.Components.Forms;

namespace Collab.Web.Components.Shared;

/// <summary>
/// Puts a domain error's field rules next to the form fields they concern, by name
/// ("identifier.number" → IdentifierNumber); what matches no field goes to the form's summary.
/// </summary>
public static class FormErrors
{
    public static void Show(EditContext context, ValidationMessageStore store, DomainException error)
    {
        store.Clear();
        var properties = context.Model.GetType().GetProperties().ToDictionary(p => p.Name.ToUpperInvariant(), p => p.Name);
        if (error.Errors.Count == 0)
        {
            store.Add(new FieldIdentifier(context.Model, string.Empty), error.Message);
        }

        foreach (var fieldError in error.Errors)
        {
            var key = fieldError.Field.Replace(".", "", StringComparison.Ordinal).ToUpperInvariant();
            var field = properties.TryGetValue(key, out var name) ? new FieldIdentifier(context.Model, name) : new FieldIdentifier(context.Model, string.Empty);
            store.Add(field, fieldError.Rule);
        }

        context.NotifyValidationStateChanged();
    }
}
