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
