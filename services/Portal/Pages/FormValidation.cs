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

    public static string FieldOf(string propertyName) =>
        propertyName.Length == 0 ? "maincontent" : char.ToLowerInvariant(propertyName[0]) + propertyName[1..];
}
