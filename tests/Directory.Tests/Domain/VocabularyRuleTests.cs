using BuildingBlocks.Web;
using DirectoryService.Domain;
using DirectoryService.Search;

namespace Directory.Tests.Domain;

public sealed class VocabularyRuleTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 18, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Phrases_are_kept_as_search_plans_them_once_each()
    {
        var rule = new VocabularyRule(VocabularyRule.Words, ["Men's Shed", "mens shed", "  sheds "], ["Workshop"], "  ", "Sam (curator)", Now);

        Assert.Equal(["mens shed", "sheds"], rule.TypedPhrases);
        Assert.Equal(["workshop"], rule.AlsoFindsPhrases);
        Assert.Null(rule.Note);
        Assert.Equal(Now, rule.ChangedAt);
    }

    [Theory]
    [InlineData("")]
    [InlineData("swim, swimming")]
    [InlineData("swim => pool")]
    [InlineData("?!")]
    [InlineData("a b c d e f g")]
    [InlineData("abcdefghij abcdefghij abcdefghij abcdefghij abcdefghij abcdefghij")]
    public void A_phrase_search_could_not_use_as_written_is_refused(string phrase)
    {
        Assert.NotNull(VocabularyRule.PhraseProblem(phrase));
        var refused = Assert.Throws<RuleViolationException>(() => new VocabularyRule(VocabularyRule.Words, [phrase], ["pool"], null, "Sam", Now));
        Assert.Contains("typed", refused.Errors.Keys);
    }

    [Fact]
    public void A_phrase_another_rule_starts_is_a_conflict_but_the_rule_itself_is_not()
    {
        var lonely = new VocabularyRule(VocabularyRule.Words, ["lonely", "alone"], ["befriending"], null, "Sam", Now);
        var clash = new VocabularyRule(VocabularyRule.Meaning, ["isolated", "Alone"], ["company"], null, "Sam", Now);

        var conflict = Assert.Throws<ConflictException>(() => clash.RefuseClashWith([lonely]));
        Assert.Equal(lonely.Id, conflict.Extensions["ruleId"]);
        lonely.Change(VocabularyRule.Words, ["lonely", "alone", "on my own"], ["befriending"], null, "Sam", Now);
        lonely.RefuseClashWith([lonely]);
    }

    [Fact]
    public void Search_reads_the_rules_with_their_kinds()
    {
        var synonyms = Synonyms.From([
            new VocabularyRule(VocabularyRule.Words, ["chat"], ["befriending", "listening"], null, "Sam", Now),
            new VocabularyRule(VocabularyRule.Meaning, ["copd"], ["breathing"], null, "Sam", Now),
        ]);

        Assert.Equal(["befriending", "listening"], synonyms.Expand("chat"));
        Assert.False(synonyms.SaysMeaning("chat"));
        Assert.True(synonyms.SaysMeaning("copd"));
    }

    [Fact]
    public void Every_shipped_rule_is_a_valid_rule_and_no_phrase_starts_two()
    {
        var rules = Synonyms.Parse(Synonyms.ShippedLines())
            .Select(r => new VocabularyRule(r.Kind, r.Typed, r.AlsoFinds, null, "shipped", Now)).ToList();

        Assert.True(rules.Count >= 50);
        foreach (var rule in rules) rule.RefuseClashWith(rules);
        Assert.Contains(rules, r => r.SaysMeaning && r.TypedPhrases.Contains("copd"));
    }
}
