"""Reuse profiles: a sentence a page repeats is embedded and hashed once."""

import numpy as np

from retold import nlp
from retold.model import Article
from retold.reuse import profile as profile_module
from retold.reuse.profile import masked_sentences, minhash, profile_articles

REPEATED = "Eat every two to three hours to keep your energy up."
LINES = [
    "The council approved the new budget on Tuesday after months of debate.",
    "Spending on road repairs rises by twelve percent next year.",
    "Opposition members said the hiring freeze would leave libraries understaffed.",
]


def _counting_embed(monkeypatch) -> list[int]:
    calls: list[int] = []
    real = nlp.embed

    def embed(texts, *args, **kwargs):
        calls.append(len(texts))
        return real(texts, *args, **kwargs)

    monkeypatch.setattr(nlp, "embed", embed)
    return calls


def test_a_repeated_sentence_is_embedded_and_hashed_once(monkeypatch):
    body = "\n".join([LINES[0], *[REPEATED] * 40, LINES[1], REPEATED, LINES[2]])
    article = Article(id="diet", body=body, language="en")
    calls = _counting_embed(monkeypatch)
    hashed: list[tuple[str, ...]] = []
    real_shingles = profile_module._shingles
    monkeypatch.setattr(profile_module, "_shingles", lambda words: hashed.append(tuple(words)) or real_shingles(words))
    [p] = profile_articles([article])
    assert calls == [4]  # the three lines and the repeated one, once
    assert len(p.sentences) == 44 and len(p.embeddings) == 44
    repeats = [k for k, words in enumerate(p.sentence_words) if " ".join(words).startswith("eat every")]
    assert len(repeats) == 41
    assert all(np.array_equal(p.embeddings[k], p.embeddings[repeats[0]]) for k in repeats)
    assert len(hashed) == len(set(hashed)) == 5  # four distinct sentences and the whole body
    expected = minhash([" ".join(p.sentence_words[repeats[0]][i:i + 4]).encode("utf-8")
                        for i in range(len(p.sentence_words[repeats[0]]) - 3)]).hashvalues
    assert all(np.array_equal(p.chunk_signatures[k], expected) for k in repeats)


def test_without_repeats_the_vectors_are_the_encoders_bit_for_bit():
    article = Article(id="budget", body="\n".join(LINES), language="en")
    [p] = profile_articles([article])
    assert np.array_equal(p.embeddings, nlp.embed(masked_sentences(article, "en")))


def test_a_repeated_sentence_enters_the_embedding_buckets_once():
    from retold.reuse.blocking import distinct_sentence_keys, sentence_bucket_keys
    from retold.reuse.candidates import embedding_pairs

    body = "\n".join([LINES[0], *[REPEATED] * 40, LINES[1], REPEATED, LINES[2]])
    [p] = profile_articles([Article(id="diet", body=body, language="en")])
    keyed = distinct_sentence_keys(p.embeddings)
    first = next(k for k, words in enumerate(p.sentence_words) if " ".join(words).startswith("eat every"))
    assert [s for s, _ in keyed] == [0, first, 41, 43]  # in order, the repeated line at its first place
    assert all(np.array_equal(keys, sentence_bucket_keys(p.embeddings[s:s + 1])[0]) for s, keys in keyed)
    assert distinct_sentence_keys(np.zeros((0, nlp.EMBEDDING_DIM), dtype=np.float32)) == []
    # one line both pages carry is one shared sentence, however often the first repeats it:
    # not enough for a candidate pair (MIN_SHARED_SENTENCES)
    other = Article(id="other", body="\n".join([REPEATED, "A storm knocked out power to thousands of homes on Sunday."]),
                    language="en")
    assert embedding_pairs(profile_articles([Article(id="diet", body=body, language="en"), other])) == set()
