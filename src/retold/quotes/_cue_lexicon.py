"""Cue verb lemmas fitted on PolNeAR's training split (generated; do not edit by hand).

Regenerate with ``python -m retold.eval.quotes --fit-cues ../shared/eval/quotes/polnear-train``:
a verb lemma is a cue when at least ``CUE_MIN_SHARE`` of its uses in polnear-train lie inside
a gold cue and it is a cue at least ``CUE_MIN_COUNT`` times.
"""

CUE_MIN_SHARE = 0.3
CUE_MIN_COUNT = 3

FITTED_CUE_LEMMAS = frozenset({
    'accord', 'accuse', 'acknowledge', 'acquiesce', 'add', 'admit', 'advocate', 'agree',
    'aim', 'alarm', 'allege', 'allude', 'anger', 'announce', 'answer', 'apologize',
    'appear', 'applaud', 'approve', 'argue', 'articulate', 'ask', 'assail', 'assert',
    'assure', 'attack', 'attribute', 'author', 'balk', 'bemoan', 'bill', 'blame',
    'blast', 'boast', 'boo', 'brag', 'broadcast', 'brush', 'call', 'caution',
    'champion', 'chant', 'characterize', 'charge', 'chide', 'circulate', 'cite', 'claim',
    'clarify', 'coin', 'comment', 'complain', 'concede', 'conclude', 'condemn', 'confirm',
    'congratulate', 'contemplate', 'contend', 'contradict', 'contrast', 'convince', 'counter', 'credit',
    'criticize', 'cry', 'declare', 'decline', 'decry', 'dedicate', 'deem', 'defend',
    'demand', 'denounce', 'deny', 'deride', 'describe', 'detail', 'devote', 'disclose',
    'discuss', 'dislike', 'dismay', 'dismiss', 'disparage', 'dispute', 'distance', 'document',
    'double', 'doubt', 'downplay', 'dub', 'dwell', 'echo', 'elaborate', 'email',
    'emphasize', 'endorse', 'envision', 'estimate', 'expect', 'explain', 'explore', 'express',
    'fear', 'float', 'forecast', 'foresee', 'forward', 'hail', 'hammer', 'heap',
    'herald', 'highlight', 'hint', 'hop', 'horrify', 'identify', 'illustrate', 'imply',
    'indicate', 'inform', 'infuriate', 'insist', 'interject', 'interpret', 'invoke', 'issue',
    'joke', 'judge', 'label', 'lambast', 'lament', 'lash', 'lecture', 'liken',
    'list', 'mandate', 'mention', 'mince', 'mock', 'mull', 'muse', 'name',
    'note', 'observe', 'offer', 'opine', 'oppose', 'order', 'outline', 'paint',
    'peg', 'persuade', 'pivot', 'plead', 'pledge', 'point', 'portray', 'posit',
    'post', 'praise', 'preach', 'predict', 'prefer', 'press', 'pressure', 'proclaim',
    'prohibit', 'project', 'promise', 'promote', 'pronounce', 'propose', 'pump', 'push',
    'question', 'quip', 'quote', 'rail', 'rattle', 'reaffirm', 'rebuff', 'rebuke',
    'rebut', 'recall', 'recite', 'recognize', 'recommend', 'recount', 'refer', 'reference',
    'refuse', 'reiterate', 'reject', 'relish', 'remark', 'remember', 'remind', 'repeat',
    'reply', 'report', 'repudiate', 'request', 'resist', 'respond', 'retweete', 'reveal',
    'revere', 'revile', 'rule', 'savage', 'say', 'scar', 'scoff', 'seek',
    'seem', 'sentence', 'shout', 'show', 'shrug', 'side', 'signal', 'sing',
    'single', 'slam', 'sound', 'spar', 'speculate', 'spot', 'startle', 'state',
    'stress', 'suggest', 'surface', 'suspect', 'talk', 'tell', 'testify', 'thank',
    'threaten', 'thrill', 'tick', 'title', 'tout', 'trumpet', 'tweet', 'underscore',
    'unveil', 'urge', 'utter', 'veto', 'view', 'voice', 'vouch', 'vow',
    'warn', 'witness', 'wonder', 'worry', 'write', 'yell', 'zero',
})
