using System.Globalization;
using BuildingBlocks.Validation;
using FluentValidation;

namespace Portal.Pages;

/// <summary>Runs a form's FluentValidation rules and puts each failure in the NHS.UK error summary and beside its field.</summary>
public static class FormValidation
{
    /// <summary>Field ids are the property names in camelCase ("ContactEmail" is the input with id "contactEmail").</summary>
    public static bool Passes<T>(this PortalPage page, IValidator<T> validator, T form)
    {
        var result = validator.Validate(form);
        foreach (var failure in result.Errors) page.AddError(FieldOf(failure.PropertyName), failure.ErrorMessage);
        return result.IsValid;
    }

    /// <summary>
    /// Free text within a service's length limit (as it is sent: trimmed) and with no control characters, which every
    /// service refuses: said beside the field here, in the portal's words, rather than in the service's after the post.
    /// At most one message per field, and none when it already has one ("Enter ...").
    /// </summary>
    public static void CheckText(this PortalPage page, string field, string label, string? value, int limit)
    {
        if (string.IsNullOrWhiteSpace(value) || page.ErrorFor(field) is not null) return;
        if (value.Trim().Length > limit)
            page.AddError(field, $"{label} must be {limit.ToString("N0", CultureInfo.InvariantCulture)} characters or fewer");
        else if (!PlainText.IsPlain(value))
            page.AddError(field, $"{label} must not contain control characters");
    }

    public static string FieldOf(string propertyName) =>
        propertyName.Length == 0 ? "maincontent" : char.ToLowerInvariant(propertyName[0]) + propertyName[1..];
}
