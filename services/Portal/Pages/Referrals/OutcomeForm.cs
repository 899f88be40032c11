using Portal.Api;

namespace Portal.Pages.Referrals;

/// <summary>
/// The wellbeing questions a provider asks at the start (baseline) and later (follow-up): ONS4 personal wellbeing
/// (four questions, 0 to 10) and the UCLA three-item loneliness scale (1 hardly ever, 2 some of the time, 3 often).
/// Inputs are named for the form, ids for the Feedback API's JSON paths ("ons4.lifeSatisfaction"), so the
/// service's field errors land beside the right question.
/// </summary>
public sealed class OutcomeForm
{
    public string? Stage { get; set; }
    public string? LifeSatisfaction { get; set; }
    public string? Worthwhile { get; set; }
    public string? Happiness { get; set; }
    public string? Anxiety { get; set; }
    public int? Companionship { get; set; }
    public int? LeftOut { get; set; }
    public int? Isolated { get; set; }

    public static readonly IReadOnlyList<(string Value, string Label)> Stages =
        [("baseline", "At the start (baseline)"), ("follow-up", "Later on (follow-up)")];

    /// <summary>ONS4, in the ONS's own plain wording; each 0 (not at all) to 10 (completely).</summary>
    /// <summary>Each with the words its error message uses, so every message in the summary says which question.</summary>
    public static readonly IReadOnlyList<(string Field, string Property, string Question, string Topic)> Ons4Questions =
    [
        ("ons4.lifeSatisfaction", nameof(LifeSatisfaction), "Overall, how satisfied are you with your life nowadays?", "how satisfied they are with their life"),
        ("ons4.worthwhile", nameof(Worthwhile), "Overall, to what extent do you feel the things you do in your life are worthwhile?", "how worthwhile the things they do feel"),
        ("ons4.happiness", nameof(Happiness), "Overall, how happy did you feel yesterday?", "how happy they felt yesterday"),
        ("ons4.anxiety", nameof(Anxiety), "Overall, how anxious did you feel yesterday?", "how anxious they felt yesterday"),
    ];

    public static readonly IReadOnlyList<(string Field, string Property, string Question, string Topic)> LonelinessQuestions =
    [
        ("loneliness.companionship", nameof(Companionship), "How often do you feel that you lack companionship?", "they lack companionship"),
        ("loneliness.leftOut", nameof(LeftOut), "How often do you feel left out?", "they feel left out"),
        ("loneliness.isolated", nameof(Isolated), "How often do you feel isolated from others?", "they feel isolated from others"),
    ];

    public static readonly IReadOnlyList<(int Value, string Label)> LonelinessAnswers =
        [(1, "Hardly ever"), (2, "Some of the time"), (3, "Often")];

    public string? Ons4Value(string property) => property switch
    {
        nameof(LifeSatisfaction) => LifeSatisfaction, nameof(Worthwhile) => Worthwhile,
        nameof(Happiness) => Happiness, _ => Anxiety,
    };

    public int? LonelinessValue(string property) => property switch
    {
        nameof(Companionship) => Companionship, nameof(LeftOut) => LeftOut, _ => Isolated,
    };

    /// <summary>
    /// Only what a person must hear before anything is sent (a missing answer, something that is not a number);
    /// the ranges are the service's rules, and its 400 comes back beside the question.
    /// </summary>
    public void Validate(PortalPage page)
    {
        if (string.IsNullOrWhiteSpace(Stage)) page.AddError("stage", "Select whether these are the answers at the start or later on");
        foreach (var (field, property, _, topic) in Ons4Questions)
        {
            var value = Ons4Value(property);
            if (string.IsNullOrWhiteSpace(value)) page.AddError(field, $"Enter {topic}, from 0 to 10");
            else if (!int.TryParse(value.Trim(), out _)) page.AddError(field, $"Enter {topic} as a whole number from 0 to 10");
        }
        foreach (var (field, property, _, topic) in LonelinessQuestions)
            if (LonelinessValue(property) is null) page.AddError(field, $"Select how often {topic}");
    }

    public OutcomeAnswers ToAnswers() => new(Stage,
        new Ons4Answers(Number(LifeSatisfaction), Number(Worthwhile), Number(Happiness), Number(Anxiety)),
        new LonelinessAnswers(Companionship, LeftOut, Isolated));

    private static int? Number(string? value) => int.TryParse(value?.Trim(), out var n) ? n : null;
}
